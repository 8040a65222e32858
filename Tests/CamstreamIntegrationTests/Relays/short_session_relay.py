#!/usr/bin/python3
"""A relay that gives its publishers a 2-second session timeout and reads everything: RTSP requests are
answered, interleaved RTP/RTCP frames are counted and dropped. It shows whether a publisher keeps its session
alive at the timeout it was given.

Usage: short_session_relay.py PORT. Prints "listening PORT", "recording" once RECORD is answered, then
"request METHOD session=ID at SECONDS" for every later request (monotonic seconds) and "frames N" every
100 interleaved frames. Serves one connection at a time; runs until killed.
"""
import socket
import sys
import time


def say(line):
    print(line, flush=True)


def serve(connection):
    buffered = b""
    recording = False
    frames = 0

    def need(count):
        nonlocal buffered
        while len(buffered) < count:
            chunk = connection.recv(65536)
            if not chunk:
                return False
            buffered += chunk
        return True

    while True:
        if not need(1):
            return
        if buffered[0:1] == b"$":
            if not need(4):
                return
            length = int.from_bytes(buffered[2:4], "big")
            if not need(4 + length):
                return
            buffered = buffered[4 + length:]
            frames += 1
            if frames % 100 == 0:
                say("frames %d" % frames)
            continue
        while b"\r\n\r\n" not in buffered:
            chunk = connection.recv(65536)
            if not chunk:
                return
            buffered += chunk
        head, _, buffered = buffered.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method = lines[0].split(" ")[0]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        if not need(length):
            return
        buffered = buffered[length:]
        if recording:
            say("request %s session=%s at %.3f" % (method, headers.get("session", "-"), time.monotonic()))
        reply = "RTSP/1.0 200 OK\r\nCSeq: %s\r\n" % headers.get("cseq", "0")
        if method == "SETUP":
            reply += "Session: short1;timeout=2\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\n"
        connection.sendall((reply + "\r\n").encode())
        if method == "RECORD":
            recording = True
            say("recording")


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(sys.argv[1])))
    listener.listen(4)
    say("listening %d" % listener.getsockname()[1])
    while True:
        connection, _ = listener.accept()
        serve(connection)
        connection.close()
        say("closed")


main()
