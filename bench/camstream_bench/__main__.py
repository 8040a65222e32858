"""camstream-bench: run from bench/run, which installs and builds everything first.

    python3 -m camstream_bench --camstream PATH --peer PATH --x264-alone PATH --malloc-count PATH [--quick]
"""

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time

from . import browser_section, servers
from .phases import Durations, measure, measure_joins_only, measure_memory_only, median, percentile, perf_available
from .receiver import Receiver
from .report import markdown_table
from .substream import measure_substream_cost, report_line as substream_report_line


def parse_size(text):
    width, _, height = text.partition("x")
    return int(width), int(height)


def x264_alone(binary, size, fps, bitrate, keyint, frames):
    output = subprocess.run(
        [binary, str(size[0]), str(size[1]), str(fps), str(bitrate), str(keyint), str(frames)],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout
    return {key: int(value) for key, value in (pair.split("=") for pair in output.split())}


def binary_sizes(path):
    """(as built, stripped) in bytes."""
    stripped = tempfile.mktemp()
    try:
        subprocess.run(["strip", "-o", stripped, path], check=True, capture_output=True)
        return os.path.getsize(path), os.path.getsize(stripped)
    finally:
        if os.path.exists(stripped):
            os.remove(stripped)


def machine_line():
    model = "?"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, Linux {platform.release()}, load average {os.getloadavg()[0]:.2f}"


def main():
    parser = argparse.ArgumentParser(prog="camstream-bench", description=__doc__)
    parser.add_argument("--camstream", required=True)
    parser.add_argument("--camstream-static", help="the same camstream built with --static-swift-stdlib")
    parser.add_argument("--peer", required=True, help="the gst-rtsp-server peer (bench/peer)")
    parser.add_argument("--x264-alone", required=True)
    parser.add_argument("--malloc-count", required=True, help="the LD_PRELOAD allocation counter")
    parser.add_argument("--sizes", default="1280x720,640x480,1920x1080")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--bitrate", type=int, default=2000)
    parser.add_argument("--keyint", type=int, default=60)
    parser.add_argument("--camstream-args", default="", help="more camstream options, e.g. '--threads 1', for lever experiments")
    parser.add_argument("--peer-too", dest="peer_too", action="store_true", default=True, help=argparse.SUPPRESS)
    parser.add_argument("--camstream-only", dest="peer_too", action="store_false",
                        help="skip the peer (and the long-GOP and static runs): for before/after figures of one change")
    parser.add_argument("--substream", default="640x360", help="sub-stream size whose cost is measured beside the first size")
    parser.add_argument("--quick", action="store_true", help="short windows and 5 joins: checks the bench, not the servers")
    parser.add_argument("--no-browser", dest="browser", action="store_false", default=True,
                        help="skip the browser section (Chromium, the timecode latencies, browser viewers, snapshots)")
    parser.add_argument("--browser-only", action="store_true", help="only the browser section")
    parser.add_argument("--browser-size", default="1280x720", help="picture for capture → displayed/decoded and snapshots")
    parser.add_argument("--browser-viewers-size", default="320x240",
                        help="picture for the many-browser-viewers window (Chromium decodes every one of them on this machine)")
    parser.add_argument("--steady-seconds", type=float, default=0,
                        help="also watch capture → displayed this long (300: first vs last minute over 5 minutes)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--output", default=None, help="also write the markdown report here")
    parser.add_argument("--json", default=None, help="and every raw figure here")
    options = parser.parse_args()

    workdir = options.workdir or tempfile.mkdtemp(prefix="camstream-bench-")
    os.makedirs(workdir, exist_ok=True)
    durations = Durations(options.quick)
    use_perf = perf_available()
    rng = random.Random(options.seed)
    receiver = Receiver()
    sizes = [] if options.browser_only else [parse_size(size) for size in options.sizes.split(",")]
    gop_seconds = options.keyint / options.fps
    results = {}
    started = time.monotonic()
    machine_before = machine_line()

    def progress(text):
        print(f"[{time.monotonic() - started:6.1f} s] {text}", file=sys.stderr, flush=True)

    for size in sizes:
        label = f"{size[0]}x{size[1]}"
        results[label] = {}
        alone = x264_alone(options.x264_alone, size, options.fps, options.bitrate, options.keyint, 10 * options.fps)
        results[label]["x264_alone"] = alone
        progress(f"{label}: x264 alone {alone['encode_median_us'] / 1000:.2f} ms a frame")
        runs = [("camstream", servers.camstream)] + ([("gst-rtsp-server", servers.peer)] if options.peer_too else [])
        for name, start in runs:
            binary = options.camstream if name == "camstream" else options.peer
            progress(f"{label}: {name}")
            if name == "camstream":
                server = start(
                    binary, size, options.fps, options.bitrate, options.keyint, workdir, options.malloc_count,
                    extra=options.camstream_args.split(),
                )
            else:
                server = start(binary, size, options.fps, options.bitrate, options.keyint, workdir, options.malloc_count)
            try:
                figures = measure(server, receiver, rng, durations, options.fps, gop_seconds, use_perf, workdir)
            finally:
                figures_exit = server.stop()
            figures["exit_status"] = figures_exit
            results[label][name] = figures
            progress(
                f"{label}: {name}: first frame {median(figures['first_frame_ms']):.1f} ms, "
                f"latency {median(figures['latency_ms']) or 0:.2f} ms, RSS {figures['rss_one_kb'] / 1024:.1f} MB"
            )
        if size == sizes[0] and options.peer_too:
            # Ten times the GOP: a joiner that waited for a scheduled IDR would wait seconds, not milliseconds.
            long_keyint = 10 * options.keyint
            progress(f"{label}: camstream, keyint {long_keyint}, joins only")
            server = servers.camstream(
                options.camstream, size, options.fps, options.bitrate, long_keyint, workdir, None, name="camstream-long-gop"
            )
            try:
                figures = measure_joins_only(server, receiver, rng, durations.joins, gop_seconds)
            finally:
                server.stop()
            figures["keyint"] = long_keyint
            results[label]["camstream-long-gop"] = figures
        if options.camstream_static and size == sizes[0] and options.peer_too:
            progress(f"{label}: camstream, static Swift stdlib")
            server = servers.camstream(
                options.camstream_static, size, options.fps, options.bitrate, options.keyint, workdir, None,
                name="camstream-static",
            )
            try:
                results[label]["camstream-static"] = measure_memory_only(server, receiver, rng, durations)
            finally:
                server.stop()
    receiver.stop()
    if sizes:
        # A sub-stream is never larger than its stream (the config check refuses it): clamp for small --sizes.
        asked = parse_size(options.substream)
        sub_size = (min(asked[0], sizes[0][0]), min(asked[1], sizes[0][1]))
        progress(f"{sizes[0][0]}x{sizes[0][1]}: camstream alone, then with a {sub_size[0]}x{sub_size[1]} sub-stream")
        results["substream"] = measure_substream_cost(
            options.camstream, sizes[0], sub_size, options.fps, options.bitrate, options.keyint, workdir,
            durations.warmup, durations.cpu10,
        )
        results["substream"]["size"] = list(sub_size)
    if options.browser or options.browser_only:
        results["browser"] = browser_section.run(options, durations, workdir, progress)

    report = render(options, results, sizes, use_perf, machine_before, durations)
    print(report)
    if options.output:
        with open(options.output, "w") as output:
            output.write(report + "\n")
    if options.json:
        with open(options.json, "w") as output:
            json.dump(results, output, indent=1, default=str)
    print(f"(logs and profiles in {workdir})", file=sys.stderr)


def render(options, results, sizes, use_perf, machine_before, durations):
    lines = [
        f"Machine: {machine_before} at the start; load average {os.getloadavg()[0]:.2f} at the end.",
        f"Stream: SMPTE bars scrolling 8 px a frame, {options.fps} fps, {options.bitrate} kbit/s, x264 ultrafast "
        f"zerolatency constrained baseline, keyint {options.keyint}; viewers over RTP/UDP on loopback.",
        (f"Windows: latency/CPU {durations.latency:.0f} s with 1 viewer, {durations.joins} joins, "
        f"CPU {durations.cpu10:.0f} s with 10, fan-out {durations.fanout:.0f} s with 50, then {durations.churn} short sessions."
        + (f" camstream options added: {options.camstream_args}." if options.camstream_args else "")
        + ("" if use_perf else " perf is not available here: no cycle counts.")) if sizes else
        f"Browser section only: capture → displayed {durations.browser_latency:.0f} s, {durations.browser_loads} page loads, "
        f"{durations.browser_viewers} browser viewers for {durations.browser_window:.0f} s, {durations.snapshots} snapshots, "
        f"capture → decoded {durations.decoded:.0f} s per server.",
        "",
    ]
    for size in sizes:
        label = f"{size[0]}x{size[1]}"
        figures = results[label]
        ours, theirs = figures["camstream"], figures.get("gst-rtsp-server")
        lines.append(markdown_table(f"{label} at {options.fps} fps", ours, theirs))
        alone = figures["x264_alone"]
        encode = alone["encode_median_us"] / 1000
        extra = [
            "",
            f"- libx264 alone, same settings: {encode:.2f} ms a frame (median; p90 {alone['encode_p90_us'] / 1000:.2f} ms; "
            f"IDR frames {alone['idr_median_us'] / 1000:.2f} ms), "
            f"peak RSS {alone['max_rss_kb'] / 1024:.1f} MB.",
        ]
        timeline = ours.get("stages")
        if timeline:
            outside = timeline["total_ms"] - timeline["encode_ms"]
            extra.append(
                f"- camstream capture → sent, per frame (median of {timeline['frames']}, perf trace and uprobes on "
                f"x264_encoder_encode, 1 viewer): drawing the test pattern {timeline['capture_ms']:.3f} ms, x264 "
                f"{timeline['encode_ms']:.3f} ms, copying NAL units out {timeline['copy_ms']:.3f} ms, hand-off to the "
                f"event loop and packetizing {timeline['handoff_ms']:.3f} ms, sendmmsg {timeline['send_ms']:.3f} ms "
                f"(loopback delivery to the viewer included); total {timeline['total_ms']:.3f} ms, of which outside "
                f"libx264 {outside:.3f} ms = {100 * outside / timeline['encode_ms']:.1f}% of encode time "
                f"({100 * (outside - timeline['send_ms']) / timeline['encode_ms']:.1f}% without the send)."
            )
        profile = ours.get("profile")
        if profile:
            # libm's samples are x264's rate control (camstream's own code calls no libm function per frame).
            x264_share = sum(share for dso, share in profile.items() if "libx264" in dso or "libm." in dso)
            outside = 100 - x264_share
            top = ", ".join(f"{dso} {share:.1f}%" for dso, share in sorted(profile.items(), key=lambda kv: -kv[1])[:6])
            extra.append(
                f"- camstream CPU by object (perf, 1 viewer): {top}; outside libx264 = "
                f"{outside / max(x264_share, 0.01) * 100:.1f}% of libx264's own (libm counted as x264's; "
                f"kernel time of x264's threads counted as outside)."
            )
        threads = ours["fifty"].get("thread_percent", {})
        if threads:
            extra.append(
                "- camstream CPU by thread at 50 viewers (% of a core): "
                + ", ".join(f"{name} {value:.2f}" for name, value in sorted(threads.items(), key=lambda kv: -kv[1]))
            )
        long_gop = figures.get("camstream-long-gop")
        if long_gop:
            extra.append(
                f"- camstream with keyint {long_gop['keyint']} ({long_gop['keyint'] / options.fps:.0f} s between scheduled IDRs): "
                f"first decodable frame {median(long_gop['first_frame_ms']):.1f} ms median, "
                f"{percentile(long_gop['first_frame_ms'], 0.9):.1f} ms p90 over {len(long_gop['first_frame_ms'])} joins; "
                f"the watcher lost {long_gop['watcher_lost_during_joins']} packets."
            )
        static = figures.get("camstream-static")
        if static:
            extra.append(
                f"- camstream with the Swift stdlib linked statically: peak RSS {static['rss_one_kb'] / 1024:.1f} MB "
                f"(1 viewer), {static['rss_twenty_kb'] / 1024:.1f} MB (20 viewers)."
            )
        extra.append(
            f"- UDP receive-buffer drops in the kernel during the 50-viewer window (client side): "
            f"{ours['fifty']['rcvbuf_errors']} (camstream run), {theirs['fifty']['rcvbuf_errors'] if theirs else 'n/a'} (peer run); "
            f"exit status after SIGTERM: camstream {ours['exit_status']}, peer {theirs['exit_status'] if theirs else 'n/a'}."
        )
        lines += extra + [""]
    if "substream" in results:
        sub = results["substream"]
        lines += [substream_report_line(sub, sizes[0], tuple(sub["size"]), options.fps), ""]
    if "browser" in results:
        lines += [browser_section.render(results["browser"], options), ""]
    built, stripped = binary_sizes(options.camstream)
    sizes_line = f"Binary: camstream {built / 1e6:.1f} MB as built, {stripped / 1e6:.1f} MB stripped (Swift stdlib shared)"
    if options.camstream_static:
        built_static, stripped_static = binary_sizes(options.camstream_static)
        sizes_line += f"; {built_static / 1e6:.1f} MB as built, {stripped_static / 1e6:.1f} MB stripped with --static-swift-stdlib"
    lines.append(sizes_line + ".")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
