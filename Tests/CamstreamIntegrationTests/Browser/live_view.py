#!/usr/bin/python3
"""Opens camstream's live view in headless Chromium (through chromedriver) and reports what the page did, as
one JSON line on stdout, for BrowserTests to assert on.

usage: live_view.py URL SECONDS SCREENSHOT.png [--expect-restart]

With --expect-restart, once it has measured it creates SCREENSHOT.png.measured (the test then restarts
camstream) and waits for the page to reconnect by itself and play again.

URL may carry user:password@ (Chromium answers the Digest challenge with them). Every wait has a deadline;
the script never sleeps to synchronise, it polls the page's own state.
"""
import json
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

# 75% colour bars, as camstream's test pattern draws them (BT.601 limited range, shown as full-range RGB).
BARS = {"white": (191, 191, 191), "yellow": (191, 191, 0), "cyan": (0, 191, 191), "green": (0, 191, 0),
        "magenta": (191, 0, 191), "red": (191, 0, 0), "blue": (0, 0, 191)}
ORDER = ["white", "yellow", "cyan", "green", "magenta", "red", "blue"]


def poll(driver, script, deadline_seconds, interval=0.05):
    """Evaluates `script` until it returns something truthy or the deadline passes; returns the last value."""
    end = time.monotonic() + deadline_seconds
    while True:
        value = driver.execute_script(script)
        if value or time.monotonic() > end:
            return value
        time.sleep(interval)  # the page is polled, not waited on: this only paces the polling


def bar_order(png_path, rect, row_fraction):
    """The bar colours along one row of the picture in the screenshot, as runs of the nearest bar colour."""
    width, height = rect["sw"], rect["sh"]
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", png_path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         check=True, capture_output=True).stdout
    y = int(rect["top"] + rect["height"] * row_fraction)
    runs = []
    for x in range(int(rect["left"]) + 2, int(rect["left"] + rect["width"]) - 2):
        offset = (y * width + x) * 3
        pixel = raw[offset:offset + 3]
        name = min(BARS, key=lambda n: sum((a - b) ** 2 for a, b in zip(BARS[n], pixel)))
        if runs and runs[-1][0] == name:
            runs[-1][1] += 1
        else:
            runs.append([name, 1])
    # Edges between bars blur over a few pixels; a bar is a run of a real width.
    return [name for name, length in runs if length >= rect["width"] / 40]


def is_rotation_of_bars(sequence):
    """True when the colours are the bars in order, starting anywhere (the pattern scrolls sideways)."""
    if not sequence:
        return False
    if len(sequence) == 8 and sequence[0] == sequence[-1]:
        sequence = sequence[:-1]  # the bar cut in two by the picture's edge
    if len(sequence) != 7:
        return False
    start = ORDER.index(sequence[0])
    return sequence == ORDER[start:] + ORDER[:start]


def main():
    url, seconds, screenshot = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    expect_restart = sys.argv[4:] == ["--expect-restart"]
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--autoplay-policy=no-user-gesture-required", "--window-size=1000,800", "--mute-audio"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    result = {}
    try:
        driver.set_page_load_timeout(30)
        driver.get(url)
        result["title"] = driver.title
        result["text"] = driver.execute_script("return document.body ? document.body.innerText.slice(0, 300) : ''")
        if driver.execute_script("return !window.camstream"):
            print(json.dumps(result))
            return
        result["mse"] = driver.execute_script("return window.camstream.mse")
        ready = poll(driver, "const v = document.getElementById('video'); return v.readyState >= 2 && v.videoWidth > 0"
                             " && window.camstream.firstFrameMs !== null", 30)
        state = driver.execute_script(
            "const v = document.getElementById('video'); return {readyState: v.readyState, width: v.videoWidth,"
            " height: v.videoHeight, firstFrameMs: window.camstream.firstFrameMs}")
        result.update(state)
        if not ready:
            result["stateText"] = driver.execute_script("return document.getElementById('state').textContent")
            print(json.dumps(result))
            return
        # Decoded frames over `seconds` of playback, measured by the page's own clock.
        start = driver.execute_script(
            "return {t: performance.now(), f: document.getElementById('video').getVideoPlaybackQuality().totalVideoFrames}")
        poll(driver, f"return performance.now() - {start['t']} >= {seconds * 1000}", seconds + 5)
        samples = []
        end = driver.execute_script(
            "const v = document.getElementById('video'); return {t: performance.now(), f: v.getVideoPlaybackQuality().totalVideoFrames,"
            " dropped: v.getVideoPlaybackQuality().droppedVideoFrames, behind: v.buffered.length ? v.buffered.end(v.buffered.length - 1) - v.currentTime : -1}")
        result["framesDecoded"] = end["f"] - start["f"]
        result["elapsedMs"] = end["t"] - start["t"]
        result["droppedFrames"] = end["dropped"]
        result["secondsBehindLiveEdge"] = end["behind"]
        result["statsText"] = driver.execute_script("return document.getElementById('stats').textContent")
        result["viewers"] = driver.execute_script("return window.camstream.viewers")
        # Where the picture sits in the page (the video is letterboxed by object-fit: contain).
        rect = driver.execute_script(
            "const v = document.getElementById('video'), r = v.getBoundingClientRect(), s = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);"
            " const w = v.videoWidth * s, h = v.videoHeight * s;"
            " return {left: r.left + (r.width - w) / 2, top: r.top + (r.height - h) / 2, width: w, height: h,"
            " sw: Math.round(window.innerWidth * devicePixelRatio), sh: Math.round(window.innerHeight * devicePixelRatio)}")
        driver.save_screenshot(screenshot)
        result["bars"] = bar_order(screenshot, rect, 1 / 3)
        result["barsInOrder"] = is_rotation_of_bars(result["bars"])
        if expect_restart:
            open(screenshot + ".measured", "w").close()
            live = poll(driver, "const v = document.getElementById('video'); return window.camstream.reconnects >= 1 &&"
                                " document.getElementById('state').textContent === 'live' && v.readyState >= 2", 60, 0.1)
            result["reconnects"] = driver.execute_script("return window.camstream.reconnects")
            if live:
                before = driver.execute_script("return document.getElementById('video').getVideoPlaybackQuality().totalVideoFrames")
                started = time.monotonic()
                poll(driver, f"return document.getElementById('video').getVideoPlaybackQuality().totalVideoFrames >= {before} + 5", 10)
                result["framesAfterRestart"] = driver.execute_script(
                    "return document.getElementById('video').getVideoPlaybackQuality().totalVideoFrames") - before
                result["secondsForFiveFramesAfterRestart"] = time.monotonic() - started
    finally:
        driver.quit()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
