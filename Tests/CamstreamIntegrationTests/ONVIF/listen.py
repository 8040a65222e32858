"""Listens for WS-Discovery Hello and Bye with wsdiscovery (the library Home Assistant uses), as a recorder
that is already running sees a camera come and go. Touches READY_FILE once it listens; prints one JSON line
once it has seen a Hello and then a Bye, or at the deadline.

usage: listen.py READY_FILE SECONDS
"""

import json
import sys
import threading

from wsdiscovery.discovery import ThreadedWSDiscovery as WSDiscovery

if __name__ == "__main__":
    ready_file, seconds = sys.argv[1], float(sys.argv[2])
    seen = {"hello": [], "bye": []}
    done = threading.Event()

    def hello(service):
        seen["hello"].append({"epr": service.getEPR(), "xaddrs": service.getXAddrs()})

    def bye(endpoint):
        # wsdiscovery hands the Bye callback the endpoint reference itself, not a service.
        seen["bye"].append({"epr": endpoint})
        if seen["hello"]:
            done.set()

    discovery = WSDiscovery()
    discovery.setRemoteServiceHelloCallback(hello)
    discovery.setRemoteServiceByeCallback(bye)
    discovery.start()
    try:
        open(ready_file, "w").close()
        done.wait(seconds)
    finally:
        discovery.stop()
    print(json.dumps(seen))
