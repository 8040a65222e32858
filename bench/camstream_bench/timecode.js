// The test pattern's timecode strip (Sources/Timecode/TimecodeStrip.swift) read from a canvas's RGBA pixels,
// for the browser bench; the same algorithm as timecode.py. Not part of the product's page.
function benchReadStrip(rgba, stride) {
  const blocks = [];
  for (let index = 0; index < 32; index++) {
    const left = (index % 16) * 16 + 4, top = Math.floor(index / 16) * 16 + 4;
    let sum = 0;
    for (let y = top; y < top + 8; y++) {
      for (let x = left; x < left + 8; x++) {
        const o = (y * stride + x) * 4;
        sum += (77 * rgba[o] + 150 * rgba[o + 1] + 29 * rgba[o + 2]) >> 8;
      }
    }
    const mean = Math.floor(sum / 64);
    if (mean <= 88) blocks.push(0); else if (mean >= 168) blocks.push(1); else return null;
  }
  if (blocks[0] !== 1 || blocks[1] !== 0) return null;
  let value = 0, crc = 0xff, checked = 0;
  for (let i = 2; i < 24; i++) {
    value = value * 2 + blocks[i];
    const feedback = ((crc >> 7) & 1) ^ blocks[i];
    crc = (crc << 1) & 0xff;
    if (feedback) crc ^= 0x07;
  }
  for (let i = 24; i < 32; i++) checked = checked * 2 + blocks[i];
  return checked === crc ? value : null;
}

// now − the strip's time in ms, modulo 2^22 (negative for a strip from the future).
function benchAge(read, nowMs) {
  const modulus = 4194304;
  const difference = (((nowMs % modulus) - read) % modulus + modulus) % modulus;
  return difference >= modulus / 2 ? difference - modulus : difference;
}

// Reads the strip of every frame `video` presents (requestVideoFrameCallback: the frame being shown, drawn to a
// canvas) and calls `record(displayedMs, ageMs or null)`, displayed = when Chromium expects it on screen, on the
// wall clock (performance.timeOrigin + expectedDisplayTime).
function benchWatchFrames(video, record) {
  const canvas = document.createElement("canvas");
  canvas.width = 256; canvas.height = 32;
  const context = canvas.getContext("2d", {willReadFrequently: true});
  const onFrame = (now, metadata) => {
    const displayed = performance.timeOrigin + metadata.expectedDisplayTime;
    context.drawImage(video, 0, 0, 256, 32, 0, 0, 256, 32);
    const read = benchReadStrip(context.getImageData(0, 0, 256, 32).data, 256);
    record(displayed, read === null ? null : benchAge(read, displayed));
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}
