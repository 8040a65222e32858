"""The two servers under test, started as real processes, and what /proc says about them."""

import os
import socket
import re
import signal
import struct
import subprocess
import time


class ServerProcess:
    """A server on a free loopback port, with its allocation counter page and its log file."""

    def __init__(self, name, argv, ready_pattern, workdir, preload):
        self.name = name
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.counts_path = os.path.join(workdir, f"{name}.allocs")
        if os.path.exists(self.counts_path):
            os.remove(self.counts_path)
        environment = dict(os.environ, SWIFT_BACKTRACE="enable=no", CAMSTREAM_ALLOC_COUNTS=self.counts_path)
        if preload:
            environment["LD_PRELOAD"] = preload
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, env=environment
        )
        self.pid = self.process.pid
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with open(self.log_path, errors="replace") as log:
                match = re.search(ready_pattern, log.read())
            if match:
                self.port = int(match.group(1))
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        with open(self.log_path, errors="replace") as log:
            raise RuntimeError(f"{name} did not start; its log:\n{log.read()}")

    def wait_for_log(self, pattern, seconds=30):
        """The first match of `pattern` in the log, polled until `seconds` pass (None then)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with open(self.log_path, errors="replace") as log:
                match = re.search(pattern, log.read())
            if match or self.process.poll() is not None:
                return match
            time.sleep(0.05)
        return None

    @property
    def url(self):
        return f"rtsp://127.0.0.1:{self.port}/cam"

    def stop(self):
        """SIGTERM, as systemd stops a service; returns the exit status (killed after 10 s)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode

    def memory_kb(self):
        """(VmHWM, VmRSS, RssAnon) in kB: peak and current resident memory, and the private part of it
        (heap, stacks, encoder buffers) as opposed to the code and data pages mapped from files."""
        values = {}
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("VmHWM", "VmRSS", "RssAnon"):
                    values[name] = int(value.split()[0])
        return values["VmHWM"], values["VmRSS"], values["RssAnon"]

    def cpu_ns(self):
        """Process CPU time (user + system, including threads that have exited), in nanoseconds."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        return ticks * 1_000_000_000 // os.sysconf("SC_CLK_TCK")

    def thread_cpu_ns(self):
        """On-CPU nanoseconds per thread name (schedstat), for where the CPU goes inside the process."""
        totals = {}
        for task in os.listdir(f"/proc/{self.pid}/task"):
            try:
                with open(f"/proc/{self.pid}/task/{task}/comm") as comm:
                    name = comm.read().strip()
                with open(f"/proc/{self.pid}/task/{task}/schedstat") as schedstat:
                    nanoseconds = int(schedstat.read().split()[0])
            except OSError:
                continue
            name = re.sub(r"\d+", "#", name)
            totals[name] = totals.get(name, 0) + nanoseconds
        return totals

    def allocations(self):
        """(allocation calls, bytes requested, frees) so far, from the LD_PRELOAD counter's shared page."""
        try:
            with open(self.counts_path, "rb") as counts:
                return struct.unpack("<QQQ", counts.read(24))
        except (OSError, struct.error):
            return None


def camstream(binary, size, fps, bitrate, keyint, workdir, preload, name="camstream", rtp_ports="46000-46999", extra=()):
    width, height = size
    argv = [
        binary, "--source", "test", "--size", f"{width}x{height}", "--fps", str(fps), "--bitrate", str(bitrate),
        "--keyint", str(keyint), "--profile", "baseline", "--preset", "ultrafast", "--port", "0",
        "--rtp-ports", rtp_ports,
        # Every viewer of the bench comes from 127.0.0.1; the peer has no per-address limit either.
        "--max-connections-per-address", "100", "--max-sessions-per-address", "100", *extra,
    ]
    return ServerProcess(name, argv, r"viewers can open rtsp://127\.0\.0\.1:(\d+)/", workdir, preload)


def peer(binary, size, fps, bitrate, keyint, workdir, preload):
    width, height = size
    argv = [binary, str(width), str(height), str(fps), str(bitrate), str(keyint)]
    return ServerProcess("gst-rtsp-server", argv, r"listening on port (\d+)", workdir, preload)


def free_tcp_port():
    """A TCP port nothing listens on now (for camstream's HTTP port, which has no 'pick one' value: 0 turns it off)."""
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
        probe.bind(("::", 0))
        return probe.getsockname()[1]
