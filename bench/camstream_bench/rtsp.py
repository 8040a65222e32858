"""A small blocking RTSP 1.0 client (RFC 2326): just what a viewer needs to get UDP RTP going."""

import re
import socket


class RTSPError(Exception):
    pass


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case names
        self.body = body

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


class RTSPConnection:
    """One control connection. Every call has a deadline: a server that stops answering fails the run."""

    def __init__(self, host, port, timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        self.cseq = 0
        self.session = None

    def request(self, method, uri, headers=None):
        self.cseq += 1
        lines = [f"{method} {uri} RTSP/1.0", f"CSeq: {self.cseq}", "User-Agent: camstream-bench"]
        if self.session:
            lines.append(f"Session: {self.session}")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        response = self._read_response()
        if response.header("cseq") not in (None, str(self.cseq)):
            raise RTSPError(f"{method}: CSeq {response.header('cseq')} answers a different request")
        session = response.header("session")
        if session:
            self.session = session.split(";")[0].strip()
        return response

    def _read_response(self):
        while True:
            # Interleaved binary data ($, channel, length) may precede a response on TCP: skip it.
            while self.buffer[:1] == b"$":
                if len(self.buffer) < 4:
                    break
                length = int.from_bytes(self.buffer[2:4], "big")
                if len(self.buffer) < 4 + length:
                    break
                self.buffer = self.buffer[4 + length :]
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0 and self.buffer[:1] != b"$":
                head = self.buffer[:end].decode("latin-1").split("\r\n")
                headers = {}
                for line in head[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0"))
                if len(self.buffer) >= end + 4 + length:
                    body = self.buffer[end + 4 : end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length :]
                    match = re.match(r"RTSP/1\.0 (\d{3})", head[0])
                    if not match:
                        raise RTSPError(f"not an RTSP response: {head[0]!r}")
                    return Response(int(match.group(1)), headers, body)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RTSPError("server closed the connection")
            self.buffer += chunk

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def track_url(describe, request_url):
    """The SETUP URL of the first video track: its a=control resolved against Content-Base (RFC 2326 C.1.1)."""
    base = describe.header("content-base") or describe.header("content-location") or request_url
    if not base.endswith("/"):
        base += "/"
    control = None
    in_video = False
    for line in describe.body.decode("latin-1").splitlines():
        if line.startswith("m="):
            in_video = line.startswith("m=video")
        elif in_video and line.startswith("a=control:"):
            control = line[len("a=control:") :].strip()
            break
    if control is None or control == "*":
        return base, base
    if control.startswith("rtsp://"):
        return base, control
    return base, base + control
