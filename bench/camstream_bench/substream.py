"""What a sub-stream costs: camstream's CPU with the main stream alone, then with a sub-stream beside it."""

import time

from . import servers


def measure_substream_cost(binary, size, sub_size, fps, bitrate, keyint, workdir, warmup, seconds):
    """CPU (% of one core, process and per thread) over `seconds` with no viewers, so the figure is the
    capture, scaling and encoding alone: the test pattern is drawn once and encoded once or twice."""
    results = {}
    runs = [("main alone", ()), ("main + sub-stream", ("--substream", f"{sub_size[0]}x{sub_size[1]}"))]
    for label, extra in runs:
        server = servers.camstream(
            binary, size, fps, bitrate, keyint, workdir, None, name=f"camstream-{label.replace(' ', '-')}", extra=extra
        )
        try:
            time.sleep(warmup)
            start_wall, start_cpu, start_threads = time.monotonic(), server.cpu_ns(), server.thread_cpu_ns()
            time.sleep(seconds)
            wall = time.monotonic() - start_wall
            cpu = server.cpu_ns() - start_cpu
            threads = {name: value - start_threads.get(name, 0) for name, value in server.thread_cpu_ns().items()}
        finally:
            status = server.stop()
        results[label] = {
            "cpu_percent": 100.0 * cpu / (wall * 1e9),
            "thread_percent": {name: 100.0 * value / (wall * 1e9) for name, value in threads.items() if value > 0},
            "seconds": wall,
            "exit_status": status,
        }
    return results


def report_line(results, size, sub_size, fps):
    alone, both = results["main alone"], results["main + sub-stream"]

    def threads(run):
        # x264's slice threads take the name of the thread that opened the encoder (Swift's pool, whose
        # "com.apple.root.default-qos" the kernel cuts to its last 15 bytes), not "capture".
        return ", ".join(f"{name} {value:.1f}%" for name, value in sorted(run["thread_percent"].items(), key=lambda kv: -kv[1]))

    return (
        f"- sub-stream {sub_size[0]}x{sub_size[1]} beside {size[0]}x{size[1]} at {fps} fps (one capture, two x264; no viewers, "
        f"{alone['seconds']:.0f} s each): camstream {alone['cpu_percent']:.1f}% of a core alone, {both['cpu_percent']:.1f}% "
        f"with the sub-stream (+{both['cpu_percent'] - alone['cpu_percent']:.1f} points, "
        f"+{100 * (both['cpu_percent'] / alone['cpu_percent'] - 1):.0f}%). By thread alone: {threads(alone)}; "
        f"with it: {threads(both)}."
    )
