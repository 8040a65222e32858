#!/usr/bin/python3
"""A relay front that answers every RTSP request with 302 and a Location, as a load balancer in front of
relays does. Usage: redirecting_relay.py PORT LOCATION; LOCATION "self" names this relay itself (a loop).
Prints "listening PORT", then "redirected" for each request answered. Runs until killed.
"""
import socket
import sys


def say(line):
    print(line, flush=True)


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(sys.argv[1])))
    listener.listen(4)
    port = listener.getsockname()[1]
    location = sys.argv[2] if sys.argv[2] != "self" else "rtsp://127.0.0.1:%d/loop" % port
    say("listening %d" % port)
    while True:
        connection, _ = listener.accept()
        buffered = b""
        while b"\r\n\r\n" not in buffered:
            chunk = connection.recv(4096)
            if not chunk:
                break
            buffered += chunk
        cseq = "0"
        for line in buffered.decode("latin-1").split("\r\n"):
            if line.lower().startswith("cseq:"):
                cseq = line.split(":", 1)[1].strip()
        connection.sendall(("RTSP/1.0 302 Moved Temporarily\r\nCSeq: %s\r\nLocation: %s\r\n\r\n" % (cseq, location)).encode())
        say("redirected")
        connection.close()


main()
