"""The table: camstream and gst-rtsp-server side by side, with camstream/peer ratios (lower is better)."""

from .phases import median, percentile


def _fmt(value, digits=1):
    if value is None:
        return "n/a"
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 100:
        return f"{int(value)}"
    return f"{value:.{digits}f}"


def _ratio(ours, theirs):
    if ours is None or theirs is None or theirs == 0:
        return "n/a"
    return f"{ours / theirs:.2f}"


def rows_for(ours, theirs):
    """(label, camstream value, peer value, digits) for one picture size."""

    def both(extract):
        return extract(ours), (extract(theirs) if theirs else None)

    def per_viewer(figures):
        if "fifty" not in figures:
            return None
        return (figures["fifty"]["cpu_percent"] - figures["one"]["cpu_percent"]) / 49

    def losses(figures, reduce):
        return reduce(figures["fifty"]["losses"]) if figures.get("fifty") else None

    def mb(key):
        return lambda figures: figures[key] / 1024 if figures.get(key) else None

    return [
        ("time to first decodable frame, median (ms)", *both(lambda f: median(f["first_frame_ms"])), 1),
        ("time to first decodable frame, p90 (ms)", *both(lambda f: percentile(f["first_frame_ms"], 0.9)), 1),
        ("  of which PLAY request → response, median (ms)", *both(lambda f: median(f["play_answer_ms"])), 1),
        (f"packets the watcher lost while {len(ours['first_frame_ms'])} viewers joined", *both(lambda f: f["watcher_lost_during_joins"]), 0),
        ("pipeline latency capture → last packet, median (ms)", *both(lambda f: median(f["latency_ms"])), 2),
        ("pipeline latency capture → last packet, p99 (ms)", *both(lambda f: percentile(f["latency_ms"], 0.99)), 2),
        ("peak RSS, 1 viewer (MB)", *both(mb("rss_one_kb")), 1),
        ("  of which private (RssAnon: heap, stacks, encoder buffers), 1 viewer (MB)", *both(mb("anon_one_kb")), 1),
        ("peak RSS, 20 viewers (MB)", *both(mb("rss_twenty_kb")), 1),
        ("RSS after the 50 viewers left (MB)", *both(mb("rss_after_kb")), 1),
        (f"RSS after {ours.get('churn', 0)} more short sessions, 1 viewer left (MB)", *both(mb("rss_after_churn_kb")), 1),
        ("process CPU, 1 viewer (% of a core)", *both(lambda f: f["one"]["cpu_percent"]), 2),
        ("process CPU, 10 viewers (% of a core)", *both(lambda f: f["ten"]["cpu_percent"]), 2),
        ("process CPU, 50 viewers (% of a core)", *both(lambda f: f["fifty"]["cpu_percent"]), 2),
        ("CPU per extra viewer (% of a core)", *both(per_viewer), 3),
        ("packets lost per viewer, 50 viewers × fan-out window, mean", *both(lambda f: losses(f, lambda l: sum(l) / len(l))), 2),
        ("packets lost per viewer, 50 viewers × fan-out window, max", *both(lambda f: losses(f, max)), 0),
        ("allocations per frame, 1 viewer", *both(lambda f: f["one"].get("allocs_per_frame")), 1),
        ("allocations per frame, 50 viewers", *both(lambda f: f["fifty"].get("allocs_per_frame")), 1),
        ("CPU cycles per frame, 1 viewer (millions)", *both(lambda f: f.get("cycles_per_frame", 0) / 1e6 or None), 2),
        ("stream bitrate received (kbit/s)", *both(lambda f: f["one"]["kbps"]), 0),
    ]


def markdown_table(title, ours, theirs):
    lines = [f"#### {title}", "", "| measure | camstream | gst-rtsp-server | ratio |", "|---|---:|---:|---:|"]
    for label, our, their, digits in rows_for(ours, theirs):
        lines.append(f"| {label} | {_fmt(our, digits)} | {_fmt(their, digits)} | {_ratio(our, their)} |")
    return "\n".join(lines)
