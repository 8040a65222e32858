"""Sends COUNT WS-Discovery Probes as fast as it can, unicast to HOST:3702, from one socket, then counts the
ProbeMatches that come back within SECONDS: what a spoofed flood could make the camera send. Prints one JSON
line with the bytes sent and received.

usage: flood_probes.py HOST COUNT SECONDS
"""

import json
import socket
import sys
import time
import uuid

PROBE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery">'
    "<s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>"
    "<a:MessageID>urn:uuid:%s</a:MessageID>"
    "<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>"
    "<s:Body><d:Probe/></s:Body></s:Envelope>"
)

if __name__ == "__main__":
    host, count, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("0.0.0.0", 0))
    sent = 0
    started = time.monotonic()
    for _ in range(count):
        sent += sock.sendto((PROBE % uuid.uuid4()).encode(), (host, 3702))
    sending = time.monotonic() - started
    answers, received = 0, 0
    deadline = started + seconds
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            data, _ = sock.recvfrom(65536)
        except socket.timeout:
            break
        if b"ProbeMatches" in data:
            answers += 1
            received += len(data)
    print(json.dumps({"probes": count, "probe_bytes": sent, "sending_seconds": sending, "seconds": seconds,
                      "answers": answers, "answer_bytes": received}))
