"""Fault modes: what a broken or hostile server does, injected per path prefix (--fault at start or
POST /control/fault), plus the hostile answers under /hostile/ that the fetch-policy tests use.

Kinds answered instead of the real response: 429 (with every network's rate-limit headers), 429-bare
(no hint when to come back), ok-false (Slack's HTTP 200 {"ok": false}), 500/502/503, reset (the connection closed), trickle (a byte a second),
bomb (gzip expanding to `mb` MiB), endless (a body that never ends). slow waits `delay` seconds and
then answers normally. Kinds applied to the real response (shape_body): truncate (half the promised
body, then hang up), malformed (not JSON), html (a proxy's 502 page)."""
import time
import zlib
from datetime import datetime, timezone

from .common import iso

BOMBS = {}  # mb -> gzip bytes (made once: compressing hundreds of MiB takes a moment)


class FaultBook:
    """Faults waiting to be served: the first whose path prefix matches a request is used `count` times."""

    def __init__(self, lock):
        self.lock = lock
        self.pending = []

    def add(self, kind, path, count=1, delay=3, retry_after=2):
        with self.lock:
            self.pending.append({"path": path, "kind": kind, "count": count, "delay": delay, "retry_after": retry_after})

    def add_spec(self, spec):
        """--fault KIND:PATH[:COUNT]; None when well formed, else what is wrong."""
        parts = spec.split(":")
        if len(parts) < 2:
            return "--fault: expected KIND:PATH[:COUNT], got %r" % spec
        self.add(parts[0], parts[1], int(parts[2]) if len(parts) > 2 else 1)
        return None

    def add_request(self, req):
        """The body of POST /control/fault."""
        self.add(str(req.get("kind", "500")), req.get("path", "/"), int(req.get("count", 1)), req.get("delay", 3),
                 req.get("retry_after", 2))

    def take(self, path):
        with self.lock:
            for f in self.pending:
                if path.startswith(f.get("path", "")) and f.get("count", 1) > 0:
                    f["count"] = f.get("count", 1) - 1
                    if f["count"] <= 0:
                        self.pending.remove(f)
                    return dict(f)
        return None


def shape_body(fault, body, ctype, status):
    """The faults that spoil a real answer's body: malformed JSON, or an HTML error page in its place."""
    if fault and fault["kind"] == "malformed":
        body = b'{"this is": not json at all, [' if ctype.startswith("application/json") else body[:10]
    if fault and fault["kind"] == "html":
        body, ctype, status = b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html", 502
    return body, ctype, status


def apply_fault(h, path):
    """Serves the fault waiting for `path`, if any, on handler `h`. Returns (fault, done): done when the
    fault answered instead of the real response; a fault that is not done shapes the real one."""
    f = h.world.faults.take(path)
    if not f:
        return None, False
    kind = f["kind"]
    if kind == "slow":
        time.sleep(float(f.get("delay", 3)))
        return None, False
    if kind == "reset":
        h.close_connection = True
        h.connection.close()
        return f, True
    if kind == "429-bare":
        # Too many requests, and not a word about when to come back.
        h.send_body(429, {"error": "Too many requests"})
        return f, True
    if kind in ("bomb", "endless"):
        # A compression bomb (gzip that expands to "mb" MiB, default 64) or a body that never ends.
        return f, hostile(h, "/hostile/" + kind, {"mb": str(f.get("mb", 64))}) or True
    if kind == "trickle":
        # An endless slow body: promise a megabyte, send a byte a second until the client gives up.
        h.send_response(200)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(1 << 20))
        h.end_headers()
        try:
            for _ in range(600):
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(1.0)
        except (BrokenPipeError, ConnectionResetError):
            pass
        h.close_connection = True
        return f, True
    if kind == "429":
        reset = int(time.time()) + int(f.get("retry_after", 2))
        hdrs = {"Retry-After": str(f.get("retry_after", 2)),
                "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": iso(datetime.fromtimestamp(reset, timezone.utc)),
                "x-rate-limit-limit": "450", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset),
                "RateLimit-Limit": "3000", "RateLimit-Remaining": "0", "RateLimit-Reset": str(reset)}
        h.send_body(429, {"error": "Too many requests"}, headers=hdrs)
        return f, True
    if kind == "ok-false":
        # Slack's way to fail: HTTP 200 and {"ok": false, "error": code}.
        h.send_body(200, {"ok": False, "error": "internal_error"})
        return f, True
    if kind in ("500", "502", "503"):
        h.send_body(int(kind), {"error": "Internal server error (injected)"})
        return f, True
    return f, False  # truncate, malformed, html: applied to the real response


def hostile(h, path, q):
    """Answers a hostile image host would give: redirects inward, compression bombs, endless bodies."""
    h.world.count(path)
    if path == "/hostile/redirect":
        h.send_response(302)
        h.send_header("Location", q.get("to", "/"))
        h.send_header("Content-Length", "0")
        h.end_headers()
        return
    if path == "/hostile/bomb":
        mb = max(1, min(int(q.get("mb", "64")), 4096))
        body = BOMBS.get(mb)
        if body is None:
            c = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
            zeros = b"\0" * (1 << 20)
            body = b"".join(c.compress(zeros) for _ in range(mb)) + c.flush()
            BOMBS[mb] = body
        h.send_response(200)
        h.send_header("Content-Type", "image/png")
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        return
    if path == "/hostile/endless":
        h.send_response(200)
        h.send_header("Content-Type", "image/png")
        h.send_header("Connection", "close")
        h.end_headers()
        chunk = b"\x89PNG\r\n\x1a\n" + b"p" * 65528
        deadline = time.time() + 600
        try:
            while time.time() < deadline:
                h.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        h.close_connection = True
        return
    h.send_body(404, {"error": "no such hostile answer"})
