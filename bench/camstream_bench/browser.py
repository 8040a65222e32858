"""The browser viewer's figures: headless Chromium (Debian's, through chromedriver and Debian's python3-selenium)
plays camstream's own live view from a camstream on loopback.

- capture → displayed: every frame the page's <video> presents is drawn to a canvas in a
  requestVideoFrameCallback and its timecode strip read (timecode.js, injected by the bench: the product's page
  carries no bench code); its age = the time Chromium expects it on screen − the capture time it shows.
- WebSocket open → first frame displayed, over fresh page loads (a script injected before the page's own wraps
  WebSocket to note `open`, and watches the first presented frame).
- CPU and memory per browser viewer: camstream's CPU and RSS with 1 page playing and with N (iframes of the live
  view in one tab, all visible, so Chromium suspends none); lost frames from /api/status and each page's own
  decoded count.
- CPU per snapshot: camstream's CPU over N /snapshot.jpg requests (one every other frame, so each is a new
  compression) less its CPU over as long without them.
Every wait has a deadline; every loop is bounded in count and time.
"""

import json
import os
import re
import statistics
import time
import urllib.request

from .phases import median, percentile

TIMECODE_JS = open(os.path.join(os.path.dirname(__file__), "timecode.js")).read()

# Before the page's own script: note when its WebSocket opens and when the first frame is presented.
FIRST_FRAME_JS = TIMECODE_JS + """
window.benchLoad = {open: null, displayed: null, age: null};
const BenchSocket = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new BenchSocket(...args);
  socket.addEventListener("open", () => { if (window.benchLoad.open === null) window.benchLoad.open = performance.timeOrigin + performance.now(); });
  return socket;
};
window.WebSocket.prototype = BenchSocket.prototype;
document.addEventListener("DOMContentLoaded", () => {
  benchWatchFrames(document.getElementById("video"), (displayed, age) => {
    if (window.benchLoad.displayed === null) { window.benchLoad.displayed = displayed; window.benchLoad.age = age; }
  });
});
"""

WATCH_JS = TIMECODE_JS + """
window.benchFrames = {ages: [], unread: 0};
benchWatchFrames(document.getElementById("video"), (displayed, age) => {
  if (age === null) window.benchFrames.unread++; else window.benchFrames.ages.push([displayed, age]);
});
"""

# Takes what was recorded since the last call, so the page never holds more than a few seconds of figures.
DRAIN_JS = "const f = window.benchFrames, out = {ages: f.ages, unread: f.unread}; f.ages = []; f.unread = 0; return out;"


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--mute-audio",
                     "--autoplay-policy=no-user-gesture-required", "--window-size=1000,800"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def poll(driver, script, seconds, interval=0.05):
    """Evaluates `script` until it returns something truthy or `seconds` pass; the last value."""
    end = time.monotonic() + seconds
    while True:
        value = driver.execute_script(script)
        if value or time.monotonic() > end:
            return value
        time.sleep(interval)  # paces the polling of the page's state; never a synchronisation


def status(base):
    with urllib.request.urlopen(base + "api/status", timeout=5) as answer:
        return json.load(answer)


def browser_viewers(document):
    return [viewer for stream in document["streams"] for viewer in stream["viewers"] if viewer["kind"] == "browser"]


def wait_playing(driver, seconds=30):
    return poll(driver, "const v = document.getElementById('video'); return v && v.readyState >= 2 && v.videoWidth > 0", seconds)


def capture_to_displayed(driver, base, seconds, progress, minute_marks=False):
    """Ages (ms) of every presented frame over `seconds`, read from its strip; with minute_marks also the
    medians of the first and last minute."""
    driver.get(base)
    if not wait_playing(driver):
        raise RuntimeError("Chromium: the live view did not start playing")
    driver.execute_script(WATCH_JS)
    samples, unread = [], 0
    started = time.monotonic()
    next_report = started + 60
    while time.monotonic() - started < seconds:
        time.sleep(min(2.0, max(0.1, seconds - (time.monotonic() - started))))
        drained = driver.execute_script(DRAIN_JS)
        samples += drained["ages"]
        unread += drained["unread"]
        if time.monotonic() > next_report:
            recent = [age for _, age in samples if age is not None][-1800:]
            progress(f"browser: capture → displayed, {time.monotonic() - started:.0f} s: median {median(recent):.1f} ms")
            next_report += 60
    drained = driver.execute_script(DRAIN_JS)
    samples += drained["ages"]
    unread += drained["unread"]
    figures = {"ages_ms": [age for _, age in samples], "unread": unread, "seconds": seconds}
    if minute_marks and samples:
        first_at = samples[0][0]
        last_at = samples[-1][0]
        figures["first_minute_ms"] = [age for at, age in samples if at - first_at < 60_000]
        figures["last_minute_ms"] = [age for at, age in samples if last_at - at < 60_000]
    return figures


def open_to_first_frame(driver, base, loads):
    """Per load: WebSocket open → first frame displayed (ms), and that first frame's age (capture → displayed)."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_FRAME_JS})
    opens, ages = [], []
    for _ in range(loads):
        driver.get("about:blank")
        driver.get(base)
        load = poll(driver, "const l = window.benchLoad; return l && l.open !== null && l.displayed !== null ? l : null", 15)
        if not load:
            raise RuntimeError("Chromium: no frame displayed within 15 s of a page load")
        opens.append(load["displayed"] - load["open"])
        if load["age"] is not None:
            ages.append(load["age"])
    driver.get("about:blank")
    return {"open_to_first_frame_ms": opens, "first_frame_age_ms": ages}


PAGES = """Array.from(document.querySelectorAll('iframe')).map(f => {
  const w = f.contentWindow, v = w.document && w.document.getElementById('video');
  if (!v || !w.camstream) return null;
  const q = v.getVideoPlaybackQuality();
  return {decoded: q.totalVideoFrames, dropped: q.droppedVideoFrames, reconnects: w.camstream.reconnects, ready: v.readyState};
})"""


def wait_pages(driver, count, seconds=60):
    """Until `count` live views in iframes are all playing."""
    ready = f"const pages = {PAGES}; return pages.length === {count} && pages.every(p => p && p.ready >= 2 && p.decoded > 0);"
    return poll(driver, ready, seconds, 0.2)


def add_pages(driver, count):
    driver.execute_script(f"""for (let i = 0; i < {count}; i++) {{
  const frame = document.createElement('iframe');
  frame.src = '/'; frame.style.cssText = 'width:200px;height:150px;border:0;float:left';
  document.body.appendChild(frame);
}}""")


def websocket_departures(server):
    """camstream's 'viewer left' log lines for WebSocket viewers so far: (count, access units they lost)."""
    with open(server.log_path, errors="replace") as log:
        lines = [line for line in log if "viewer left" in line and "rtp.transport=websocket" in line]
    dropped = sum(int(match.group(1)) for line in lines for match in [re.search(r"viewer\.dropped_access_units=(\d+)", line)] if match)
    return len(lines), dropped


def viewers(driver, server, base, count, seconds, fps):
    """camstream's CPU and RSS with 1 page playing and with `count`; each page's frames over the window."""
    # A page of the same origin that plays nothing itself, emptied to hold the live views (5 × 4 fit the window).
    driver.get(base + "api/status")
    driver.execute_script("document.open(); document.write('<!doctype html><body style=\"margin:0\"></body>'); document.close();")
    add_pages(driver, 1)
    if not wait_pages(driver, 1):
        raise RuntimeError("Chromium: one live view did not start")
    time.sleep(1.0)
    cpu_start, wall_start = server.cpu_ns(), time.monotonic()
    time.sleep(seconds)
    one_cpu = 100 * (server.cpu_ns() - cpu_start) / ((time.monotonic() - wall_start) * 1e9)
    one_rss = server.memory_kb()[1]

    add_pages(driver, count - 1)
    if not wait_pages(driver, count):
        raise RuntimeError(f"Chromium: {count} live views did not all start")
    time.sleep(2.0)
    before_pages = driver.execute_script(f"return {PAGES};")
    before_status = {viewer["session"]: viewer for viewer in browser_viewers(status(base))}
    departures_before = websocket_departures(server)
    cpu_start, wall_start = server.cpu_ns(), time.monotonic()
    time.sleep(seconds)
    wall = time.monotonic() - wall_start
    many_cpu = 100 * (server.cpu_ns() - cpu_start) / (wall * 1e9)
    many_rss = server.memory_kb()[1]
    after_pages = driver.execute_script(f"return {PAGES};")
    after = browser_viewers(status(base))
    departures = websocket_departures(server)
    driver.get("about:blank")
    # A page whose queue of unplayed fragments passes 60 starts again on a new WebSocket (a new session, and a
    # new MediaSource whose frame count starts at 0): the browser could not keep up, whatever the server did.
    decoded = [a["decoded"] - b["decoded"] for a, b in zip(after_pages, before_pages) if a["decoded"] >= b["decoded"]]
    return {
        "count": count,
        "seconds": wall,
        "frames_in_window": wall * fps,
        "cpu_one_percent": one_cpu,
        "cpu_many_percent": many_cpu,
        "rss_one_kb": one_rss,
        "rss_many_kb": many_rss,
        "peak_rss_kb": server.memory_kb()[0],
        "server_viewers": len(after),
        "server_dropped_frames": sum(viewer.get("dropped_frames", 0) for viewer in after) + departures[1] - departures_before[1],
        "page_restarts": departures[0] - departures_before[0],
        "server_messages_in_window": sorted(
            viewer["messages_sent"] - before_status[viewer["session"]]["messages_sent"]
            for viewer in after if viewer["session"] in before_status),
        "page_decoded": decoded,
        "page_dropped": sum(a["dropped"] - b["dropped"] for a, b in zip(after_pages, before_pages)),
        "page_reconnects": sum(page["reconnects"] for page in after_pages),
    }


def snapshot_cpu(server, base, count, fps, query=""):
    """CPU (ms of a core) per /snapshot.jpg: N requests one every other frame, less the CPU of as long idle."""
    interval = 2.0 / fps
    cpu_start, wall_start = server.cpu_ns(), time.monotonic()
    time.sleep(count * interval)
    idle = (server.cpu_ns() - cpu_start) / (time.monotonic() - wall_start)
    sizes = []
    cpu_start, wall_start = server.cpu_ns(), time.monotonic()
    for index in range(count):
        with urllib.request.urlopen(base + "snapshot.jpg" + query, timeout=5) as answer:
            sizes.append(len(answer.read()))
        pause = wall_start + (index + 1) * interval - time.monotonic()
        if pause > 0:
            time.sleep(pause)  # paces the requests at one every other frame
    wall = time.monotonic() - wall_start
    busy = server.cpu_ns() - cpu_start - idle * wall
    return {"count": count, "cpu_ms_per_snapshot": busy / count / 1e6, "bytes_median": statistics.median(sizes)}


def measure_latency(server, base, durations, fps, steady_seconds, progress):
    """Capture → displayed, WebSocket open → first frame, the steadiness run, and CPU per snapshot."""
    figures = {}
    driver = chromium()
    try:
        progress(f"browser: capture → displayed for {durations.browser_latency:.0f} s")
        figures["displayed"] = capture_to_displayed(driver, base, durations.browser_latency, progress)
        progress(f"browser: WebSocket open → first frame over {durations.browser_loads} loads")
        figures.update(open_to_first_frame(driver, base, durations.browser_loads))
    finally:
        driver.quit()
    if steady_seconds:
        driver = chromium()
        try:
            progress(f"browser: steadiness, capture → displayed for {steady_seconds:.0f} s")
            figures["steady"] = capture_to_displayed(driver, base, steady_seconds, progress, minute_marks=True)
        finally:
            driver.quit()
    progress(f"browser: {durations.snapshots} snapshots, full size and ?width=320")
    figures["snapshot"] = snapshot_cpu(server, base, durations.snapshots, fps)
    figures["snapshot_320"] = snapshot_cpu(server, base, durations.snapshots, fps, "?width=320")
    return figures


def measure_viewers(server, base, durations, fps, progress):
    driver = chromium()
    try:
        progress(f"browser: 1 and {durations.browser_viewers} viewers, {durations.browser_window:.0f} s each")
        return viewers(driver, server, base, durations.browser_viewers, durations.browser_window, fps)
    finally:
        driver.quit()


def summary(values):
    if not values:
        return "n/a"
    return f"{median(values):.1f} / {percentile(values, 0.9):.1f} / {max(values):.1f}"
