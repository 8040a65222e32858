/// The browser's live view: one small page compiled into the binary (no CDN, no framework). It lists the
/// streams and plays one with Media Source Extensions from the fMP4 WebSocket, keeps to the live edge (plays 10%
/// faster while more than 3 frames behind, jumps to the newest frame when more than half a second behind, removes
/// what has been played), reconnects by itself when the camera or the server restarts, and shows size, frame
/// rate, bitrate and viewers. Without MSE it shows `snapshot.jpg`, refreshed.
///
/// `window.camstream` exposes what the page measured (first-frame time, messages, reconnects) for tests.
enum LiveViewPage {
    /// The page with the streams the user may watch and a token for its first WebSocket (empty when no users
    /// are configured), as JSON inside the script.
    static func render(streams: [String], token: String) -> String {
        let config =
            "{\"streams\":\(JSONText.array(streams)),\"token\":\(JSONText.quoted(token)),\"auth\":\(token.isEmpty ? "false" : "true")}"
        return html.replacingFirst("/*CONFIG*/null", with: config)
    }

    /// The body of a 401: what a browser shows when the user cancels the password prompt.
    static let unauthorized = """
        <!doctype html><html><head><meta charset="utf-8"><title>camstream: 401 Unauthorized</title></head>
        <body style="font:16px system-ui,sans-serif;margin:2em"><h1>401 Unauthorized</h1>
        <p>This camera needs a user name and password (the same as for RTSP).</p></body></html>

        """

    static let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>camstream</title>
        <style>
        body{margin:0;background:#111;color:#ddd;font:14px system-ui,sans-serif}
        header{display:flex;flex-wrap:wrap;gap:.8em;align-items:center;padding:.5em .8em}
        [hidden]{display:none!important}select{font:inherit}#state{color:#fc6}#stats{color:#9c9;font-variant-numeric:tabular-nums}
        video,img{display:block;width:100%;max-height:calc(100vh - 3em);object-fit:contain;background:#000}
        </style></head>
        <body><header><strong>camstream</strong><select id="streams" aria-label="stream"></select>
        <span id="state">connecting</span><span id="stats"></span></header>
        <video id="video" muted autoplay playsinline></video><img id="snapshot" alt="snapshot" hidden>
        <script>
        "use strict";
        const config = /*CONFIG*/null;
        const video = document.getElementById("video"), picker = document.getElementById("streams");
        const stateText = document.getElementById("state"), statsText = document.getElementById("stats");
        const page = window.camstream = {firstFrameMs: null, messages: 0, reconnects: 0, viewers: null, mse: false};
        const loadedAt = performance.now();
        let stream = config.streams[0], token = config.token, socket = null, media = null, buffer = null;
        let queue = [], bytes = 0, retries = 0, retryTimer = null;
        for (const path of config.streams) picker.add(new Option(path, path));
        picker.onchange = () => { stream = picker.value; page.firstFrameMs = null; reconnect(); };
        const setState = text => { stateText.textContent = text; };

        // The codec and size come from the server's init message, made from the stream's own SPS.
        page.mse = !!(window.MediaSource && MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01F"'));
        if (!config.streams.length) setState("no streams for this user");
        else if (page.mse) connect();
        else snapshots();

        async function nextToken() {
          if (!config.auth) return "";
          if (token) { const t = token; token = ""; return t; }
          const answer = await fetch("token", {cache: "no-store"});
          if (!answer.ok) throw new Error("token: HTTP " + answer.status);
          return (await answer.json()).token;
        }

        async function connect() {
          clearTimeout(retryTimer);
          let ticket;
          try { ticket = await nextToken(); } catch (e) { return retry("server unreachable"); }
          const url = new URL("ws?stream=" + encodeURIComponent(stream) + (ticket ? "&token=" + ticket : ""), location.href);
          url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
          const ws = socket = new WebSocket(url);
          ws.binaryType = "arraybuffer";
          ws.onmessage = event => {
            if (ws !== socket) return;
            page.messages++;
            if (typeof event.data === "string") return control(JSON.parse(event.data));
            bytes += event.data.byteLength;
            // A tab that fell far behind starts again at a fresh keyframe rather than play stale video.
            if (queue.length > 60) return reconnect();
            queue.push(event.data);
            pump();
          };
          ws.onclose = () => { if (ws === socket) retry("disconnected"); };
        }

        function control(message) {
          if (message.type === "init") { openMedia(message.mime); retries = 0; setState("live"); }
          else if (message.type === "status") page.viewers = message.viewers;
        }

        function openMedia(mime) {
          closeMedia();
          const source = media = new MediaSource();
          video.src = URL.createObjectURL(source);
          source.addEventListener("sourceopen", () => {
            if (source !== media) return;
            buffer = source.addSourceBuffer(mime);
            buffer.addEventListener("updateend", () => { seekToFirstFrame(); pump(); });
            pump();
          }, {once: true});
        }

        // Decode times run from the stream's first fragment, not this viewer's: without a seek the player would sit at 0,
        // before its buffer, until the live-edge check below (up to 200 ms later) moved it.
        function seekToFirstFrame() {
          if (video.buffered.length && video.currentTime < video.buffered.start(0)) video.currentTime = video.buffered.start(0);
        }

        function closeMedia() {
          queue = []; buffer = null;
          if (media) { media = null; video.removeAttribute("src"); video.load(); }
        }

        function pump() {
          if (!buffer || buffer.updating || !queue.length) return;
          try { buffer.appendBuffer(queue.shift()); } catch (e) { reconnect(); }
        }

        function reconnect() {
          const old = socket; socket = null;
          if (old) old.close();
          closeMedia(); connect();
        }

        function retry(reason) {
          socket = null; closeMedia();
          page.reconnects++;
          const delay = Math.min(250 * 2 ** retries++, 5000);
          setState(reason + "; reconnecting");
          retryTimer = setTimeout(connect, delay);
        }

        // The live edge: play the newest frames, and keep no more than a few seconds buffered.
        setInterval(() => {
          if (!buffer || !video.buffered.length) return;
          const last = video.buffered.length - 1, start = video.buffered.start(last), end = video.buffered.end(last);
          if (video.currentTime < start || end - video.currentTime > 0.5) video.currentTime = Math.max(start, end - 0.05);
          // A stall leaves the player behind for good at normal speed: play 10% faster until within 3 frames of the newest.
          video.playbackRate = end - video.currentTime > 0.1 ? 1.1 : 1;
          if (video.paused) video.play().catch(() => {});
          if (!buffer.updating && video.currentTime - video.buffered.start(0) > 4) buffer.remove(0, video.currentTime - 2);
        }, 200);

        const firstFrame = () => {
          if (page.firstFrameMs === null && video.readyState >= 2) page.firstFrameMs = Math.round(performance.now() - loadedAt);
        };
        video.addEventListener("loadeddata", firstFrame);
        video.addEventListener("playing", firstFrame);

        let lastFrames = 0, lastBytes = 0;
        setInterval(() => {
          if (socket && socket.readyState === 1) socket.send("alive");
          const quality = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : {totalVideoFrames: 0};
          const fps = quality.totalVideoFrames - lastFrames, kbps = (bytes - lastBytes) * 8 / 1000;
          lastFrames = quality.totalVideoFrames; lastBytes = bytes;
          if (!page.mse) return;
          statsText.textContent = video.videoWidth ? `${video.videoWidth}×${video.videoHeight} · ${fps} fps · ${Math.round(kbps)} kbit/s · ` +
            `${page.viewers ?? "?"} viewer${page.viewers === 1 ? "" : "s"}` + (page.firstFrameMs !== null ? ` · first frame ${page.firstFrameMs} ms` : "") : "";
        }, 1000);

        // Without Media Source Extensions: the newest frame as a JPEG, once a second.
        function snapshots() {
          video.hidden = true;
          const image = document.getElementById("snapshot");
          image.hidden = false;
          setState("snapshots (this browser cannot play the live stream)");
          const refresh = () => { image.src = "snapshot.jpg?stream=" + encodeURIComponent(stream) + "&t=" + Date.now(); };
          image.onload = image.onerror = () => setTimeout(refresh, 1000);
          refresh();
        }
        </script></body></html>

        """
}

extension String {
    /// The text with the first `target` replaced; the page has its config placeholder once.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var replaced = self
        replaced.replaceSubrange(range, with: replacement)
        return replaced
    }
}
