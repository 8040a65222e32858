#!/usr/bin/python3
"""Captures camstream's fMP4 WebSocket to a file, as a browser receives it: a plain RFC 6455 client over a
socket (no library), so what is checked is the bytes on the wire.

usage: ws_capture.py HOST PORT PATH_AND_QUERY SEGMENTS OUT.mp4 [--stall AFTER SECONDS]

With --stall it plays a viewer that stops reading for SECONDS after AFTER segments (with a small receive
buffer), then reads on: the stall is the behaviour under test. It then also reports where the decode times
jump (frames the server dropped) and whether each jump lands on a sync sample (an IDR).

Writes the initialization segment and the next SEGMENTS media segments, then prints one JSON line: the init
message, the number of segments and the byte count. Every read has a timeout.
"""
import base64
import json
import os
import socket
import struct
import sys
import time


def read_exact(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError("connection closed")
        data += chunk
    return data


def read_frame(sock):
    first, second = read_exact(sock, 2)
    opcode, length = first & 0x0F, second & 0x7F
    if length == 126:
        length = struct.unpack(">H", read_exact(sock, 2))[0]
    elif length == 127:
        length = struct.unpack(">Q", read_exact(sock, 8))[0]
    if second & 0x80:
        raise ValueError("a server must not mask its frames")
    return opcode, read_exact(sock, length)


def main():
    host, port, target, wanted, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
    stall = (int(sys.argv[7]), float(sys.argv[8])) if sys.argv[6:7] == ["--stall"] else None
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if stall:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(15)
    sock.connect((host, port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += read_exact(sock, 1)
    status = head.split(b"\r\n", 1)[0].decode()
    if " 101 " not in status:
        print(json.dumps({"status": status}))
        return
    init, segments, size, timeline = None, 0, 0, []
    with open(out, "wb") as file:
        while segments < wanted:
            opcode, payload = read_frame(sock)
            if opcode == 1:
                message = json.loads(payload)
                if message.get("type") == "init":
                    init = message
            elif opcode == 2:
                file.write(payload)
                size += len(payload)
                if payload[4:8] == b"moof":
                    segments += 1
                    tfdt = payload.index(b"tfdt")
                    trun = payload.index(b"trun")
                    trun_end = trun - 4 + struct.unpack(">I", payload[trun - 4:trun])[0]
                    timeline.append((struct.unpack(">Q", payload[tfdt + 8:tfdt + 16])[0], payload[trun_end - 4] == 0x02))
                    if stall and segments == stall[0]:
                        time.sleep(stall[1])
            elif opcode == 8:
                break
    sock.close()
    report = {"status": status, "init": init, "segments": segments, "bytes": size}
    if stall and len(timeline) > 2:
        step = sorted(b[0] - a[0] for a, b in zip(timeline, timeline[1:]))[len(timeline) // 2]
        jumps = [i for i in range(1, len(timeline)) if timeline[i][0] - timeline[i - 1][0] > step * 1.5]
        report.update(frameTicks=step, jumps=jumps, jumpsLandOnSync=all(timeline[i][1] for i in jumps),
                      skippedFrames=sum(round((timeline[i][0] - timeline[i - 1][0]) / step) - 1 for i in jumps))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
