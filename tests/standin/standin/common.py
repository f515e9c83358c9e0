"""Small helpers every network module uses: RFC 3339 times as the networks write them, and PNGs."""
import random
import struct
import zlib
from datetime import datetime, timezone


def iso(t):
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def parse_iso(s):
    s = s.replace("Z", "+00:00")
    return datetime.fromisoformat(s)


def now():
    return datetime.now(timezone.utc)


def created_at(req):
    """The time a control request asks for ("at", RFC 3339: for backlogs), else now."""
    return parse_iso(req["at"]) if req.get("at") else now()


def png(width, height, seed):
    """A small PNG with soft colour bands, so demo images are real images."""
    rnd = random.Random(seed)
    c1 = [rnd.randint(40, 220) for _ in range(3)]
    c2 = [rnd.randint(40, 220) for _ in range(3)]
    rows = []
    for y in range(height):
        f = y / max(1, height - 1)
        col = bytes(int(c1[i] * (1 - f) + c2[i] * f) for i in range(3))
        rows.append(b"\x00" + col * width)
    raw = zlib.compress(b"".join(rows), 6)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def shift_time(obj, key, delta):
    """Moves one RFC 3339 field of a fixture object by `delta` (absent or null fields stay)."""
    if obj.get(key):
        obj[key] = iso(parse_iso(obj[key]) + delta)
