"""The browser section of the report: capture → picture, measured in the picture (the test pattern's timecode
strip), for Chromium playing camstream's live view and for ffmpeg as a low-latency RTSP client of both servers;
then the cost of browser viewers and of snapshots."""

from . import browser, decoded, servers
from .phases import median, percentile


def start_camstream(options, size, workdir, name):
    port = servers.free_tcp_port()
    server = servers.camstream(
        options.camstream, size, options.fps, options.bitrate, options.keyint, workdir, None, name=name,
        rtp_ports="47000-47999", extra=["--http-port", str(port), *options.camstream_args.split()],
    )
    if not server.wait_for_log(rf"browsers can open http://127\.0\.0\.1:{port}/"):
        server.stop()
        raise RuntimeError(f"{name}: no HTTP port {port} in its log")
    return server, f"http://127.0.0.1:{port}/"


def run(options, durations, workdir, progress):
    size = tuple(int(part) for part in options.browser_size.split("x"))
    figures = {"size": options.browser_size}
    server, base = start_camstream(options, size, workdir, "camstream-browser")
    try:
        progress(f"browser {options.browser_size}: camstream, RTSP capture → decoded by ffmpeg for {durations.decoded:.0f} s")
        figures["decoded_camstream"] = decoded_figures(server.url, size, durations.decoded)
        figures.update(browser.measure_latency(server, base, durations, options.fps, options.steady_seconds, progress))
    finally:
        figures["exit_status"] = server.stop()
    if options.peer_too:
        progress(f"browser {options.browser_size}: gst-rtsp-server, RTSP capture → decoded by ffmpeg for {durations.decoded:.0f} s")
        peer = servers.peer(options.peer, size, options.fps, options.bitrate, options.keyint, workdir, None)
        try:
            figures["decoded_peer"] = decoded_figures(peer.url, size, durations.decoded)
        finally:
            peer.stop()
    viewers_size = tuple(int(part) for part in options.browser_viewers_size.split("x"))
    server, base = start_camstream(options, viewers_size, workdir, "camstream-browser-viewers")
    try:
        figures["viewers"] = browser.measure_viewers(server, base, durations, options.fps, progress)
        figures["viewers"]["size"] = options.browser_viewers_size
    finally:
        server.stop()
    return figures


def decoded_figures(url, size, seconds):
    ages, unread, frames = decoded.capture_to_decoded(url, size, seconds)
    return {"ages_ms": ages, "unread": unread, "frames": frames}


def _stats(values, digits=1):
    if not values:
        return "n/a"
    return f"{median(values):.{digits}f} / {percentile(values, 0.9):.{digits}f} / {max(values):.{digits}f}"


def _spread(values, form="min / median / max"):
    if not values:
        return "n/a"
    ordered = sorted(values)
    if form == "min–max":
        return f"{ordered[0]}–{ordered[-1]}"
    return f"{ordered[0]} / {median(ordered):.0f} / {ordered[-1]}"


def _decoded_cell(figures):
    if figures is None:
        return "not run"
    if not figures["ages_ms"]:
        return f"n/a (no strip read in {figures['unread']} frames)"
    return _stats(figures["ages_ms"])


def render(figures, options):
    displayed = figures["displayed"]
    viewers = figures["viewers"]
    lines = [
        f"#### In the browser, {figures['size']} at {options.fps} fps: capture → picture, read from the picture",
        "",
        "| measure | camstream | gst-rtsp-server |",
        "|---|---:|---:|",
        f"| capture → displayed in Chromium (live view, MSE), median / p90 / max (ms), {len(displayed['ages_ms'])} frames "
        f"over {displayed['seconds']:.0f} s, {displayed['unread']} unread | {_stats(displayed['ages_ms'])} | no browser view |",
        f"| capture → decoded by ffmpeg over RTSP/UDP (`-fflags nobuffer -flags low_delay`), median / p90 / max (ms) | "
        f"{_decoded_cell(figures.get('decoded_camstream'))} | {_decoded_cell(figures.get('decoded_peer'))} |",
        f"| WebSocket open → first frame displayed, median / p90 over {len(figures['open_to_first_frame_ms'])} loads (ms) | "
        f"{median(figures['open_to_first_frame_ms']):.1f} / {percentile(figures['open_to_first_frame_ms'], 0.9):.1f} | |",
        f"| age of that first frame when displayed, median / p90 (ms) | "
        f"{_stats(figures['first_frame_age_ms']).rsplit(' / ', 1)[0]} | |",
    ]
    steady = figures.get("steady")
    if steady:
        lines.append(
            f"| steadiness over {steady['seconds'] / 60:.0f} min: capture → displayed, median of the first minute → "
            f"last minute (ms); p90 / max of all | {median(steady['first_minute_ms']):.1f} → {median(steady['last_minute_ms']):.1f}; "
            f"{percentile(steady['ages_ms'], 0.9):.1f} / {max(steady['ages_ms']):.1f} ({len(steady['ages_ms'])} frames, "
            f"{steady['unread']} unread) | |")
    count = viewers["count"]
    per_cpu = (viewers["cpu_many_percent"] - viewers["cpu_one_percent"]) / (count - 1)
    per_rss = (viewers["rss_many_kb"] - viewers["rss_one_kb"]) / (count - 1)
    decoded_pages = viewers["page_decoded"]
    lines += [
        "",
        f"Browser viewers ({viewers['size']} at {options.fps} fps; {count} live views as iframes in one Chromium tab, "
        f"{viewers['seconds']:.0f} s windows) and snapshots ({figures['size']}):",
        "",
        "| measure | camstream |",
        "|---|---:|",
        f"| process CPU, 1 browser viewer → {count} (% of a core) | {viewers['cpu_one_percent']:.2f} → {viewers['cpu_many_percent']:.2f} |",
        f"| CPU per extra browser viewer (% of a core) | {per_cpu:.3f} |",
        f"| RSS, 1 browser viewer → {count} (MB); peak | {viewers['rss_one_kb'] / 1024:.1f} → {viewers['rss_many_kb'] / 1024:.1f}; "
        f"{viewers['peak_rss_kb'] / 1024:.1f} |",
        f"| RSS per extra browser viewer (KB) | {per_rss:.0f} |",
        f"| frames the server dropped for its {viewers['server_viewers']} browser viewers (/api/status and the log of those that left) | "
        f"{viewers['server_dropped_frames']} |",
        f"| WebSocket messages (frames) sent per viewer in the window, min–max (camera: {viewers['frames_in_window']:.0f}) | "
        f"{_spread(viewers['server_messages_in_window'], 'min–max')} |",
        f"| frames each page decoded in the window, min / median / max ({len(decoded_pages)} pages that kept their "
        f"WebSocket) | {_spread(decoded_pages)} |",
        f"| pages that started again (their queue of undecoded fragments passed 60); frames Chromium dropped at display | "
        f"{viewers['page_restarts']}; {viewers['page_dropped']} |",
        f"| CPU per snapshot, {figures['snapshot']['count']} requests one every other frame: full size; `?width=320` (ms of a core) | "
        f"{figures['snapshot']['cpu_ms_per_snapshot']:.2f}; {figures['snapshot_320']['cpu_ms_per_snapshot']:.2f} |",
        f"| snapshot size, median: full size; `?width=320` (KB) | {figures['snapshot']['bytes_median'] / 1024:.0f}; "
        f"{figures['snapshot_320']['bytes_median'] / 1024:.0f} |",
    ]
    return "\n".join(lines)
