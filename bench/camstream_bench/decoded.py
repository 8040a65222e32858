"""Capture → decoded for an RTSP client with low-latency flags: ffmpeg (`-fflags nobuffer -flags low_delay`, RTP
over UDP) decodes to raw luma frames on a pipe, and each frame's timecode strip is read the moment the frame
has arrived whole, on CLOCK_REALTIME, the clock the strip shows."""

import subprocess
import time

from . import timecode


def capture_to_decoded(url, size, seconds, warmup=2.0):
    """(ages in ms of the frames read after `warmup`, frames whose strip did not read, frames in all)."""
    width, height = size
    frame_bytes = width * height
    process = subprocess.Popen(
        ["ffmpeg", "-v", "error", "-nostdin", "-fflags", "nobuffer", "-flags", "low_delay", "-rtsp_transport", "udp",
         "-i", url, "-an", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "-flush_packets", "1", "-"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
    )
    ages, unread, frames = [], 0, 0
    frame = bytearray(frame_bytes)
    view = memoryview(frame)
    started = time.monotonic()
    try:
        # Bounded by the window: ffmpeg is stopped when it ends (or when it stops sending frames).
        while time.monotonic() - started < warmup + seconds:
            filled = 0
            while filled < frame_bytes:
                count = process.stdout.readinto(view[filled:])
                if not count:
                    raise RuntimeError(f"ffmpeg stopped: {process.stderr.read().decode(errors='replace')[-500:]}")
                filled += count
            now_ms = time.time_ns() / 1e6
            frames += 1
            if time.monotonic() - started < warmup:
                continue
            read = timecode.read(frame, width)
            if read is None:
                unread += 1
            else:
                ages.append(timecode.age_ms(read, now_ms))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return ages, unread, frames
