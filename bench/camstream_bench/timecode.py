"""The test pattern's timecode strip (Sources/Timecode/TimecodeStrip.swift) read from a decoded luma plane, written
apart from camstream's own reader so the two cannot share a bug; timecode.js is the same reader for Chromium.

2 rows of 16 blocks of 16×16 pixels at the picture's top left: a start mark (white, black), 22 bits of
CLOCK_REALTIME milliseconds modulo 2^22, a CRC-8 (poly 0x07, init 0xFF) of those bits. Each block's inner
8×8 pixels are averaged; a mean between 88 and 168 is a misread, and so is a wrong mark or CRC.
"""

MODULUS = 1 << 22


def read(luma, stride):
    """Milliseconds (mod 2^22) the strip in `luma` (bytes, `stride` a row) codes, or None."""
    blocks = []
    for index in range(32):
        left = index % 16 * 16 + 4
        top = index // 16 * 16 + 4
        total = 0
        for y in range(top, top + 8):
            offset = y * stride + left
            total += sum(luma[offset:offset + 8])
        mean = total // 64
        if mean <= 88:
            blocks.append(0)
        elif mean >= 168:
            blocks.append(1)
        else:
            return None
    if blocks[0] != 1 or blocks[1] != 0:
        return None
    value, crc = 0, 0xFF
    for bit in blocks[2:24]:
        value = value << 1 | bit
        feedback = (crc >> 7 & 1) ^ bit
        crc = crc << 1 & 0xFF
        if feedback:
            crc ^= 0x07
    checked = 0
    for bit in blocks[24:]:
        checked = checked << 1 | bit
    return value if checked == crc else None


def age_ms(read_ms, now_ms):
    """now − the strip's time, in ms, modulo 2^22 (negative for a strip from the future)."""
    difference = (now_ms - read_ms) % MODULUS
    return difference - MODULUS if difference >= MODULUS / 2 else difference
