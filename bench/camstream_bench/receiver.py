"""UDP viewers' RTP/RTCP sockets, read on one thread with kernel receive timestamps.

Every datagram is stamped by the kernel (SO_TIMESTAMPNS, CLOCK_REALTIME) as it reaches the socket, so the
arrival times below are the network's, not this Python process's: a busy client cannot inflate latency.
"""

import os
import random
import selectors
import socket
import struct
import threading
import time

SO_TIMESTAMPNS = 35  # asm-generic/socket.h: x86-64, arm, arm64 alike; SCM_TIMESTAMPNS has the same value
RECEIVE_BUFFER = 4 * 1024 * 1024  # clipped by net.core.rmem_max; forced past it when running as root
SO_RCVBUFFORCE = 33
NTP_UNIX_OFFSET = 2_208_988_800
RR_INTERVAL = 5.0  # seconds between receiver reports, RFC 3550's minimum


def signed32(value):
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


class Track:
    """What one viewer has received: loss, access units, sender reports. Mutated by the receiver thread only;
    read by the control thread under the receiver's lock."""

    def __init__(self):
        self.packets = 0
        self.bytes = 0
        self.first_ext = None
        self.highest_ext = None
        self.prev_seq = None
        self.prev_marker = False
        self.au_timestamp = None
        self.au_start_seen = False
        self.au_contiguous = False
        self.au_has_idr = False
        self.access_units = 0  # marker packets seen: frames the server sent us
        self.complete_access_units = 0
        self.first_idr_ns = None  # kernel time of the last packet of the first complete IDR access unit
        self.first_idr_event = threading.Event()
        self.recording = False
        self.frames = []  # (rtp timestamp, arrival ns of its last packet) of complete access units
        self.sender_reports = []  # (ntp as unix ns, rtp timestamp, arrival ns)
        self.ssrc = None

    def snapshot(self):
        return (self.packets, self.highest_ext or 0, self.access_units, self.bytes)


def _nal_types(payload):
    """NAL unit types a packet carries (RFC 6184 §5.6-5.8), and whether it starts an access unit."""
    if not payload:
        return [], False
    kind = payload[0] & 0x1F
    if kind == 24:  # STAP-A
        types, offset = [], 1
        while offset + 2 < len(payload):
            size = int.from_bytes(payload[offset : offset + 2], "big")
            types.append(payload[offset + 2] & 0x1F)
            offset += 2 + size
        return types, True
    if kind == 28:  # FU-A: only its start fragment begins the NAL unit
        if len(payload) < 3:
            return [], False
        inner = payload[1] & 0x1F
        starts = bool(payload[1] & 0x80) and (inner not in (1, 5) or payload[2] & 0x80)
        return [inner], starts
    # A slice with first_mb_in_slice = 0 (ue(v) bit "1") is a picture's first; SPS, PPS, AUD, SEI come first.
    starts = kind in (6, 7, 8, 9) or (kind in (1, 5) and len(payload) > 1 and payload[1] & 0x80)
    return [kind], starts


class Receiver:
    """One thread reading every viewer's sockets; also sends each viewer's receiver reports, as real clients do."""

    def __init__(self):
        self.selector = selectors.DefaultSelector()
        self.lock = threading.Lock()
        self.pending = []
        self.wake_read, self.wake_write = socket.socketpair()
        self.wake_read.setblocking(False)
        self.selector.register(self.wake_read, selectors.EVENT_READ, None)
        self.viewers = []
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="receiver", daemon=True)
        self.thread.start()

    def add(self, viewer):
        with self.lock:
            self.pending.append(viewer)
        self.wake_write.send(b"x")

    def remove(self, viewer):
        with self.lock:
            self.pending.append(("remove", viewer))
        self.wake_write.send(b"x")

    def stop(self):
        self.stopping = True
        self.wake_write.send(b"x")
        self.thread.join(timeout=5)

    def _apply_pending(self):
        with self.lock:
            pending, self.pending = self.pending, []
        for item in pending:
            if isinstance(item, tuple):
                viewer = item[1]
                for sock in (viewer.rtp_socket, viewer.rtcp_socket):
                    try:
                        self.selector.unregister(sock)
                    except (KeyError, ValueError):
                        pass
                if viewer in self.viewers:
                    self.viewers.remove(viewer)
            else:
                self.selector.register(item.rtp_socket, selectors.EVENT_READ, (item, True))
                self.selector.register(item.rtcp_socket, selectors.EVENT_READ, (item, False))
                self.viewers.append(item)

    def _run(self):
        ancillary = socket.CMSG_SPACE(16)
        next_reports = time.monotonic() + RR_INTERVAL
        while not self.stopping:
            for key, _ in self.selector.select(timeout=0.2):
                if key.data is None:
                    try:
                        self.wake_read.recv(4096)
                    except BlockingIOError:
                        pass
                    self._apply_pending()
                    continue
                viewer, is_rtp = key.data
                sock = key.fileobj
                while True:
                    try:
                        data, cmsgs, _, _ = sock.recvmsg(65536, ancillary)
                    except (BlockingIOError, InterruptedError):
                        break
                    except OSError:
                        break
                    arrival = None
                    for level, kind, value in cmsgs:
                        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(value) >= 16:
                            seconds, nanoseconds = struct.unpack("qq", value[:16])
                            arrival = seconds * 1_000_000_000 + nanoseconds
                    if arrival is None:
                        arrival = time.time_ns()
                    with self.lock:
                        if is_rtp:
                            self._rtp(viewer.track, data, arrival)
                        else:
                            self._rtcp(viewer.track, data, arrival)
            if time.monotonic() >= next_reports:
                next_reports = time.monotonic() + RR_INTERVAL
                for viewer in list(self.viewers):
                    viewer.send_receiver_report()

    @staticmethod
    def _rtp(track, data, arrival):
        if len(data) < 12 or data[0] >> 6 != 2:
            return
        marker = bool(data[1] & 0x80)
        seq, timestamp, ssrc = struct.unpack_from("!HII", data, 2)
        offset = 12 + 4 * (data[0] & 0x0F)
        if data[0] & 0x10 and len(data) >= offset + 4:
            offset += 4 + 4 * int.from_bytes(data[offset + 2 : offset + 4], "big")
        payload = data[offset:]
        track.packets += 1
        track.bytes += len(data)
        track.ssrc = ssrc
        if track.highest_ext is None:
            ext = seq
            track.first_ext = ext
            track.highest_ext = ext
        else:
            delta = (seq - (track.highest_ext & 0xFFFF)) & 0xFFFF
            if delta < 0x8000:
                ext = track.highest_ext + delta
                track.highest_ext = ext
            else:
                ext = track.highest_ext - (0x10000 - delta)
        types, starts = _nal_types(payload)
        follows = track.prev_seq is not None and seq == (track.prev_seq + 1) & 0xFFFF
        if track.prev_seq is None or timestamp != track.au_timestamp or track.prev_marker:
            # A new access unit: its start was seen if the previous one ended just before it.
            track.au_timestamp = timestamp
            track.au_start_seen = (track.prev_marker and follows) if track.prev_seq is not None else starts
            track.au_contiguous = True
            track.au_has_idr = False
        elif not follows:
            track.au_contiguous = False
        if 5 in types:
            track.au_has_idr = True
        if marker:
            track.access_units += 1
            if track.au_start_seen and track.au_contiguous:
                track.complete_access_units += 1
                if track.au_has_idr and track.first_idr_ns is None:
                    track.first_idr_ns = arrival
                    track.first_idr_event.set()
                if track.recording:
                    track.frames.append((timestamp, arrival))
        track.prev_seq = seq
        track.prev_marker = marker

    @staticmethod
    def _rtcp(track, data, arrival):
        offset = 0
        while offset + 8 <= len(data):
            if data[offset] >> 6 != 2:
                return
            packet_type = data[offset + 1]
            length = (int.from_bytes(data[offset + 2 : offset + 4], "big") + 1) * 4
            if packet_type == 200 and offset + 28 <= len(data):
                _, seconds, fraction, rtp_timestamp = struct.unpack_from("!IIII", data, offset + 4)
                unix_ns = (seconds - NTP_UNIX_OFFSET) * 1_000_000_000 + (fraction * 1_000_000_000 >> 32)
                track.sender_reports.append((unix_ns, rtp_timestamp, arrival))
            offset += length


class UDPViewer:
    """A viewer over RTP/UDP: an even/odd client port pair, its RTSP session, and what it received."""

    PORTS = range(30000, 39998, 2)

    def __init__(self, receiver, rng):
        self.receiver = receiver
        self.track = Track()
        self.ssrc = rng.getrandbits(32)
        self.connection = None
        self.server_rtcp = None
        for _ in range(200):
            port = rng.choice(UDPViewer.PORTS)
            rtp, rtcp = self._socket(), self._socket()
            try:
                rtp.bind(("127.0.0.1", port))
                rtcp.bind(("127.0.0.1", port + 1))
            except OSError:
                rtp.close()
                rtcp.close()
                continue
            self.rtp_socket, self.rtcp_socket, self.port = rtp, rtcp, port
            break
        else:
            raise RuntimeError("no free client port pair in 30000-39999")
        receiver.add(self)

    @staticmethod
    def _socket():
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        try:
            sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, RECEIVE_BUFFER)
        except OSError:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        sock.setblocking(False)
        return sock

    def send_receiver_report(self):
        """An empty RTCP RR (RFC 3550 §6.4.2): the keep-alive UDP clients send."""
        if self.server_rtcp is None:
            return
        try:
            self.rtcp_socket.sendto(struct.pack("!BBHI", 0x80, 201, 1, self.ssrc), self.server_rtcp)
        except OSError:
            pass

    def close(self):
        self.receiver.remove(self)
        if self.connection is not None:
            self.connection.close()
        # The sockets close once the receiver has let go of them.
        threading.Timer(1.0, lambda: (self.rtp_socket.close(), self.rtcp_socket.close())).start()


def new_rng(seed):
    return random.Random(seed ^ os.getpid() if seed is None else seed)
