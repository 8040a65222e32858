#!/usr/bin/python3
"""A relay that answers the RTSP publish handshake (OPTIONS, ANNOUNCE, SETUP, RECORD) and then never reads
again, as a relay whose process hangs does: the publisher's TCP send queue fills and stays full.

Usage: stalled_relay.py PORT. Prints "listening PORT", then "recording" once RECORD is answered on a
connection. Serves connections one after the other; runs until killed.
"""
import socket
import sys


def say(line):
    print(line, flush=True)


def answer(connection):
    buffered = b""
    while True:
        while b"\r\n\r\n" not in buffered:
            chunk = connection.recv(4096)
            if not chunk:
                return False
            buffered += chunk
        head, _, buffered = buffered.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method = lines[0].split(" ")[0]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(buffered) < length:
            chunk = connection.recv(4096)
            if not chunk:
                return False
            buffered += chunk
        buffered = buffered[length:]
        reply = "RTSP/1.0 200 OK\r\nCSeq: %s\r\n" % headers.get("cseq", "0")
        if method == "SETUP":
            reply += "Session: stalled1;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n"
        elif method == "OPTIONS":
            reply += "Public: OPTIONS, ANNOUNCE, SETUP, RECORD, TEARDOWN\r\n"
        connection.sendall((reply + "\r\n").encode())
        if method == "RECORD":
            return True


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # A small receive buffer, so the stall reaches the publisher after little data.
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    listener.bind(("127.0.0.1", int(sys.argv[1])))
    listener.listen(4)
    say("listening %d" % listener.getsockname()[1])
    held = []
    while True:
        connection, _ = listener.accept()
        if answer(connection):
            say("recording")
            # Never read again; keep the socket open so the publisher's writes back up.
            held.append(connection)
        else:
            connection.close()


main()
