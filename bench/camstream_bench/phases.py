"""The measurements, in the order one server run goes through them.

One run per server and picture size: a watcher plays throughout; pipeline latency, CPU, allocations and
cycles are taken with it alone; then 20 viewers join one after another at random points of the GOP; then
viewers are added up to 10, 20 and 50 for CPU, memory and loss. Every loop is bounded in count and time.
"""

import os
import re
import shutil
import statistics
import subprocess
import time

from . import stages
from .receiver import UDPViewer, signed32
from .rtsp import RTSPConnection, RTSPError, track_url

RTP_CLOCK = 90_000


class Durations:
    def __init__(self, quick):
        self.warmup = 2.0
        self.latency = 5.0 if quick else 20.0
        self.perf = 3.0 if quick else 10.0
        self.joins = 5 if quick else 20
        self.cpu10 = 3.0 if quick else 10.0
        self.rss20 = 2.0 if quick else 5.0
        self.fanout = 5.0 if quick else 30.0
        self.churn = 20 if quick else 200
        # The browser section (browser.py) and the RTSP client's capture → decoded window (decoded.py).
        self.browser_latency = 5.0 if quick else 30.0
        self.browser_loads = 5 if quick else 20
        self.browser_viewers = 5 if quick else 20
        self.browser_window = 3.0 if quick else 10.0
        self.snapshots = 10 if quick else 60
        self.decoded = 5.0 if quick else 20.0


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def play(viewer, server):
    """OPTIONS, DESCRIBE, SETUP (UDP), PLAY, as ffmpeg and GStreamer do. Returns (connect, play sent, play
    answered) on CLOCK_REALTIME, the clock the kernel stamps arriving packets with."""
    url = server.url
    connect_ns = time.time_ns()
    connection = RTSPConnection("127.0.0.1", server.port)
    viewer.connection = connection
    expect(connection.request("OPTIONS", url), "OPTIONS")
    describe = expect(connection.request("DESCRIBE", url, {"Accept": "application/sdp"}), "DESCRIBE")
    base, track = track_url(describe, url)
    setup = expect(
        connection.request("SETUP", track, {"Transport": f"RTP/AVP;unicast;client_port={viewer.port}-{viewer.port + 1}"}),
        "SETUP",
    )
    match = re.search(r"server_port=(\d+)-(\d+)", setup.header("transport", ""))
    if match:
        viewer.server_rtcp = ("127.0.0.1", int(match.group(2)))
    viewer.base_url = base
    play_ns = time.time_ns()
    expect(connection.request("PLAY", base), "PLAY")
    return connect_ns, play_ns, time.time_ns()


def teardown(viewer):
    try:
        viewer.connection.request("TEARDOWN", viewer.base_url)
    except (OSError, RTSPError):
        pass
    viewer.close()


def expect(response, method):
    if response.status != 200:
        raise RTSPError(f"{method} answered {response.status}")
    return response


def loss(before, after):
    """Packets lost between two snapshots: sequence numbers advanced minus packets received."""
    return max(0, (after[1] - before[1]) - (after[0] - before[0]))


def latencies_ms(track):
    """Capture → last packet of the frame, per complete access unit, through the nearest sender report's
    NTP↔RTP mapping (RFC 3550 §6.4.1): the capture time of RTP time T is ntp + (T − rtp) / 90 kHz."""
    reports = list(track.sender_reports)
    if not reports:
        return []
    result = []
    for timestamp, arrival in track.frames:
        ntp, rtp, _ = min(reports, key=lambda report: abs(report[2] - arrival))
        capture = ntp + signed32(timestamp - rtp) * 1_000_000_000 // RTP_CLOCK
        result.append((arrival - capture) / 1e6)
    return result


def udp_receive_buffer_errors():
    with open("/proc/net/snmp") as snmp:
        lines = [line.split() for line in snmp if line.startswith("Udp:")]
    return int(lines[1][lines[0].index("RcvbufErrors")])


class Window:
    """CPU, allocations, frames and loss between two moments."""

    def __init__(self, server, viewers):
        self.server, self.viewers = server, viewers
        self.start_wall = time.monotonic()
        self.start_cpu = server.cpu_ns()
        self.start_threads = server.thread_cpu_ns()
        self.start_allocs = server.allocations()
        self.start_tracks = snapshot(server, viewers)
        self.start_rcvbuf = udp_receive_buffer_errors()

    def close(self):
        wall = time.monotonic() - self.start_wall
        end_tracks = snapshot(self.server, self.viewers)
        cpu = self.server.cpu_ns() - self.start_cpu
        threads = {
            name: value - self.start_threads.get(name, 0) for name, value in self.server.thread_cpu_ns().items()
        }
        allocs = self.server.allocations()
        frames = end_tracks[0][2] - self.start_tracks[0][2]
        result = {
            "seconds": wall,
            "cpu_percent": 100.0 * cpu / (wall * 1e9),
            "thread_percent": {name: 100.0 * value / (wall * 1e9) for name, value in threads.items() if value > 0},
            "frames": frames,
            "losses": [loss(before, after) for before, after in zip(self.start_tracks, end_tracks)],
            "kbps": (end_tracks[0][3] - self.start_tracks[0][3]) * 8 / wall / 1000,
            "rcvbuf_errors": udp_receive_buffer_errors() - self.start_rcvbuf,
        }
        if allocs and self.start_allocs and frames > 0:
            result["allocs_per_frame"] = (allocs[0] - self.start_allocs[0]) / frames
            result["alloc_bytes_per_frame"] = (allocs[1] - self.start_allocs[1]) / frames
            result["live_allocation_growth"] = (allocs[0] - self.start_allocs[0]) - (allocs[2] - self.start_allocs[2])
        return result


def snapshot(server, viewers):
    with viewers[0].receiver.lock:
        return [viewer.track.snapshot() for viewer in viewers]


def add_viewers(receiver, server, rng, viewers, total):
    while len(viewers) < total:
        viewer = UDPViewer(receiver, rng)
        play(viewer, server)
        viewers.append(viewer)


def perf_available():
    if shutil.which("perf") is None:
        return False
    result = subprocess.run(["perf", "stat", "-x,", "-e", "cycles", "true"], capture_output=True, text=True)
    return result.returncode == 0 and "<not supported>" not in result.stderr


def perf_stat_cycles(pid, seconds):
    result = subprocess.run(
        ["perf", "stat", "-x,", "-e", "cycles", "-p", str(pid), "--", "sleep", str(seconds)],
        capture_output=True, text=True, timeout=seconds + 30,
    )
    for line in result.stderr.splitlines():
        fields = line.split(",")
        if len(fields) > 2 and "cycles" in fields[2] and fields[0].strip().isdigit():
            return int(fields[0])
    return None


def perf_profile(pid, seconds, path):
    """perf record of the server: CPU share per shared object, and the top symbols saved beside the log."""
    data = path + ".data"
    subprocess.run(
        ["perf", "record", "-q", "-F", "999", "-g", "-p", str(pid), "-o", data, "--", "sleep", str(seconds)],
        capture_output=True, timeout=seconds + 60,
    )
    by_dso = subprocess.run(
        ["perf", "report", "-i", data, "--stdio", "--no-children", "--sort", "dso", "-q", "-g", "none"],
        capture_output=True, text=True, timeout=120,
    ).stdout
    by_thread = subprocess.run(
        ["perf", "report", "-i", data, "--stdio", "--no-children", "--sort", "comm,dso", "-q", "-g", "none"],
        capture_output=True, text=True, timeout=120,
    ).stdout
    symbols = subprocess.run(
        ["perf", "report", "-i", data, "--stdio", "--no-children", "--sort", "dso,sym", "-q", "-g", "none"],
        capture_output=True, text=True, timeout=120,
    ).stdout
    with open(path + ".txt", "w") as report:
        report.write(by_dso + "\n" + by_thread + "\n" + "\n".join(symbols.splitlines()[:80]) + "\n")
    os.remove(data)
    shares = {}
    for line in by_dso.splitlines():
        match = re.match(r"\s*([\d.]+)%\s+(\S.*)$", line)
        if match:
            shares[match.group(2).strip()] = float(match.group(1))
    return shares


def measure(server, receiver, rng, durations, fps, gop_seconds, use_perf, workdir):
    """Runs every phase against one running server; returns the figures."""
    figures = {}
    watcher = UDPViewer(receiver, rng)
    play(watcher, server)
    viewers = [watcher]
    time.sleep(durations.warmup)

    # 1 viewer: pipeline latency, CPU, allocations, cycles per frame; then peak RSS with one viewer.
    with receiver.lock:
        watcher.track.recording = True
    window = Window(server, viewers)
    cycles = None
    if use_perf:
        cycles = perf_stat_cycles(server.pid, durations.latency)
    else:
        time.sleep(durations.latency)
    figures["one"] = window.close()
    with receiver.lock:
        watcher.track.recording = False
    latencies = latencies_ms(watcher.track)
    figures["latency_ms"] = latencies
    figures["sender_reports"] = len(watcher.track.sender_reports)
    if cycles and figures["one"]["frames"]:
        figures["cycles_per_frame"] = cycles / figures["one"]["frames"]
    figures["rss_one_kb"], _, figures["anon_one_kb"] = server.memory_kb()
    if use_perf:
        figures["profile"] = perf_profile(server.pid, durations.perf, os.path.join(workdir, f"{server.name}.profile"))
        if server.name.startswith("camstream"):
            figures["stages"] = stages.trace(server.pid, durations.perf / 2, os.path.join(workdir, f"{server.name}.trace.txt"))

    figures.update(joins(server, receiver, rng, watcher, durations.joins, gop_seconds))

    # 10 viewers: CPU. 20: peak RSS. 50 for the fan-out window: CPU and loss per viewer.
    add_viewers(receiver, server, rng, viewers, 10)
    time.sleep(1.0)
    window = Window(server, viewers)
    time.sleep(durations.cpu10)
    figures["ten"] = window.close()

    add_viewers(receiver, server, rng, viewers, 20)
    time.sleep(durations.rss20)
    figures["rss_twenty_kb"] = server.memory_kb()[0]

    add_viewers(receiver, server, rng, viewers, 50)
    time.sleep(1.0)
    window = Window(server, viewers)
    time.sleep(durations.fanout)
    figures["fifty"] = window.close()

    for viewer in viewers:
        teardown(viewer)
    time.sleep(1.0)
    figures["rss_after_kb"] = server.memory_kb()[1]
    figures["sessions"] = len(viewers) + durations.joins + 1

    # Churn: sessions that set up, play and tear down at once. Memory must not grow with them.
    watcher = UDPViewer(receiver, rng)
    play(watcher, server)
    time.sleep(1.0)
    for _ in range(durations.churn):
        viewer = UDPViewer(receiver, rng)
        play(viewer, server)
        teardown(viewer)
    time.sleep(1.0)
    figures["rss_after_churn_kb"] = server.memory_kb()[1]
    figures["sessions"] += durations.churn + 1
    figures["churn"] = durations.churn
    teardown(watcher)
    return figures


def joins(server, receiver, rng, watcher, count, gop_seconds):
    """Viewers joining one after another at random points of the GOP while the watcher plays on: time from
    TCP connect to the last packet of the first complete IDR access unit, and the watcher's losses."""
    before = snapshot(server, [watcher])[0]
    first_frames, answers = [], []
    for _ in range(count):
        time.sleep(rng.uniform(0, gop_seconds))
        joiner = UDPViewer(receiver, rng)
        connect_ns, play_ns, answered_ns = play(joiner, server)
        # Bounded: past a whole GOP and a half, a scheduled IDR would have come; beyond that the server is broken.
        if not joiner.track.first_idr_event.wait(timeout=max(5.0, 1.5 * gop_seconds)):
            teardown(joiner)
            raise RuntimeError(f"{server.name}: a joining viewer got no complete IDR access unit")
        first_frames.append((joiner.track.first_idr_ns - connect_ns) / 1e6)
        answers.append((answered_ns - play_ns) / 1e6)
        teardown(joiner)
    return {
        "first_frame_ms": first_frames,
        "play_answer_ms": answers,
        "watcher_lost_during_joins": loss(before, snapshot(server, [watcher])[0]),
    }


def measure_joins_only(server, receiver, rng, count, spread_seconds):
    """First-frame times alone, for a server run with a long GOP: shows they do not depend on keyint."""
    watcher = UDPViewer(receiver, rng)
    play(watcher, server)
    time.sleep(1.0)
    figures = joins(server, receiver, rng, watcher, count, spread_seconds)
    teardown(watcher)
    return figures


def measure_memory_only(server, receiver, rng, durations):
    """Peak RSS with 1 and 20 viewers, for a build variant (the static Swift stdlib binary)."""
    viewers = []
    add_viewers(receiver, server, rng, viewers, 1)
    time.sleep(durations.warmup + durations.rss20)
    one = server.memory_kb()[0]
    add_viewers(receiver, server, rng, viewers, 20)
    time.sleep(durations.rss20)
    twenty = server.memory_kb()[0]
    for viewer in viewers:
        teardown(viewer)
    return {"rss_one_kb": one, "rss_twenty_kb": twenty}


def median(values):
    return statistics.median(values) if values else None
