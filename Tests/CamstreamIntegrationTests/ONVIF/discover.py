"""Searches for ONVIF cameras as Home Assistant's ONVIF config flow does (wsdiscovery, a Probe for the
Profile S scope), and once more for the NetworkVideoTransmitter type. Prints one JSON line of what answered.

usage: discover.py SECONDS
"""

import json
import sys

from wsdiscovery import QName, Scope
from wsdiscovery.discovery import ThreadedWSDiscovery as WSDiscovery


def found(services):
    return [
        {
            "epr": service.getEPR(),
            "xaddrs": service.getXAddrs(),
            "scopes": [scope.getValue() for scope in service.getScopes()],
            "types": ["%s:%s" % (t.getNamespace(), t.getLocalname()) for t in service.getTypes()],
        }
        for service in services
    ]


if __name__ == "__main__":
    seconds = float(sys.argv[1])
    discovery = WSDiscovery(ttl=4)
    discovery.start()
    try:
        by_scope = found(discovery.searchServices(scopes=[Scope("onvif://www.onvif.org/Profile/Streaming")], timeout=seconds))
        discovery.clearRemoteServices()
        by_type = found(discovery.searchServices(
            types=[QName("http://www.onvif.org/ver10/network/wsdl", "NetworkVideoTransmitter")], timeout=seconds))
    finally:
        discovery.stop()
    print(json.dumps({"by_scope": by_scope, "by_type": by_type}))
