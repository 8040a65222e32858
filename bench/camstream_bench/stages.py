"""Where camstream's time goes between capture and send, frame by frame, seen from outside the process.

perf trace follows the capture thread's frame clock (clock_nanosleep), uprobes on libx264's
x264_encoder_encode entry and return, the capture thread's hand-off to the event loop (its eventfd write),
and the event loop's sendmmsg calls. No instrumentation is built into camstream for this.
"""

import re
import statistics
import subprocess

LINE = re.compile(r"^\s*([\d.]+) \(\s*(?:([\d.]+) ms)?\s*\): (\S+)/(\d+) (.*)$")


def libx264_path(pid):
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "libx264.so" in path:
                return path
    return None


def trace(pid, seconds, output):
    """Runs the trace; returns the stage medians in milliseconds, or None where perf cannot do it here."""
    library = libx264_path(pid)
    if library is None:
        return None
    # A probe left over by an interrupted run would make the add fail.
    subprocess.run(["perf", "probe", "-q", "-d", "probe_libx264:*"], capture_output=True, timeout=60)
    added = subprocess.run(
        ["perf", "probe", "-q", "-x", library, "-a", "x264_encoder_encode", "-a", "x264_encoder_encode%return"],
        capture_output=True, text=True, timeout=60,
    )
    if added.returncode != 0:
        return None
    try:
        subprocess.run(
            ["perf", "trace", "-p", str(pid), "-o", output, "-e",
             "clock_nanosleep,sendmmsg,sendmsg,write,probe_libx264:x264_encoder_encode,probe_libx264:x264_encoder_encode__return",
             "--", "sleep", str(seconds)],
            capture_output=True, timeout=seconds + 60,
        )
    finally:
        subprocess.run(["perf", "probe", "-q", "-d", "probe_libx264:*"], capture_output=True, timeout=60)
    with open(output) as lines:
        return stages(parse(lines))


def parse(lines):
    events = []
    for line in lines:
        match = LINE.match(line)
        if not match:
            continue
        start, duration, _, tid, call = match.groups()
        call = call.strip()
        if call.startswith("... [continued]: "):
            call = call[len("... [continued]: ") :]
        start = float(start)
        duration = float(duration) if duration else None
        if "x264_encoder_encode__return" in call:
            events.append((start, "encoded", tid))
        elif "x264_encoder_encode(" in call:
            events.append((start, "encode", tid))
        elif "clock_nanosleep" in call and duration is not None:
            events.append((start + duration, "tick", tid))
        elif call.startswith("write(") and duration is not None:
            events.append((start, "handoff", tid))
        elif call.startswith(("sendmmsg(", "sendmsg(")) and duration is not None:
            events.append((start, "send", tid))
            events.append((start + duration, "sent", tid))
    events.sort()
    capture = {tid for _, kind, tid in events if kind == "encode"}
    return [(time, kind) for time, kind, tid in events if (kind in ("send", "sent")) != (tid in capture)]


def stages(events):
    """Per frame: tick → encode start (capture: the test pattern's drawing), encode, encode end → hand-off
    (copying the NAL units out), hand-off → first send (event-loop wake-up and packetizing), first send →
    last send returns (the sendmmsg calls, loopback delivery included), and the sum."""
    frames = []
    current = None
    for time, kind in events:
        if kind == "tick":
            if current and {"tick", "encode", "encoded", "handoff", "send", "sent"} <= current.keys():
                frames.append(current)
            current = {"tick": time}
        elif current is None:
            continue
        elif kind in ("encode", "encoded", "handoff") and kind not in current:
            current[kind] = time
        elif kind == "send" and "handoff" in current and "send" not in current:
            current["send"] = time
        elif kind == "sent" and "send" in current:
            current["sent"] = time
    if not frames:
        return None

    def median(start, end):
        return statistics.median(frame[end] - frame[start] for frame in frames)

    return {
        "frames": len(frames),
        "capture_ms": median("tick", "encode"),
        "encode_ms": median("encode", "encoded"),
        "copy_ms": median("encoded", "handoff"),
        "handoff_ms": median("handoff", "send"),
        "send_ms": median("send", "sent"),
        "total_ms": median("tick", "sent"),
    }
