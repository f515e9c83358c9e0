#!/usr/bin/env python3
"""Hostile content, end to end: ingest (through the Mastodon connector and the stand-in), moderation,
publish and a kiosk frame, with posts and images built to break things:
invalid UTF-8, a 1 MB post, a combining-mark flood, right-to-left override characters, HTML and
script injection in Mastodon content, a 20,000 x 20,000 image, a truncated PNG, an image URL
that never answers, image and avatar URLs naming local files (file://, /etc/passwd) and internal
addresses, and a URL carrying a forged log line. Nothing may crash, hang or corrupt, the kiosk must
stay responsive, no local path may reach wall.json and no log line may be forged.

Usage (ctest runs it under Xvfb): hostile_corpus.py ADMIN_BIN KIOSK_BIN STANDIN
"""
import copy
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ADMIN, KIOSK, STANDIN = sys.argv[1:4]
FIXTURES = Path(__file__).resolve().parent.parent / "connectors" / "fixtures"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("hostile_corpus: FAIL: " + what, file=sys.stderr)


def run(args, timeout, **kw):
    t0 = time.monotonic()
    try:
        p = subprocess.run(args, capture_output=True, timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        failures.append("timed out after %ds: %s" % (timeout, " ".join(args[:3])))
        print("hostile_corpus: FAIL: hung: " + " ".join(args), file=sys.stderr)
        return None, timeout
    return p, time.monotonic() - t0


def png(width, height, rows=None, bit_depth=1, colour_type=0):
    """A greyscale PNG; `rows` limits how many rows of data are really there (the rest is missing)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    row = b"\x00" + b"\x00" * ((width * bit_depth + 7) // 8)
    comp = zlib.compressobj(9)
    data = b"".join(comp.compress(row) for _ in range(height if rows is None else rows)) + comp.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


HUGE = png(20000, 20000)                      # 20,000 x 20,000: 50 MB of pixels, a tiny file
GOOD = png(64, 64)
TRUNCATED = png(400, 300)[: 60]               # cut off inside the image data


FORGED_URL = "https://cdn.example/a.png\n2026-01-01T00:00:00Z ingest: FORGED line\x1b[2J"


class Images(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path == "/never.png":
            time.sleep(3600)                  # accepts, never answers
            return
        body = {"/huge.png": HUGE, "/good.png": GOOD, "/truncated.png": TRUNCATED,
                "/notpng.png": b"<html>not an image</html>"}.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def hostile_mastodon(base):
    """The stand-in's Mastodon fixture plus statuses with hostile content, as a real instance sends them."""
    statuses = json.loads((FIXTURES / "mastodon_tag_timeline.json").read_text())
    template = next(s for s in statuses if s.get("reblog") is None)
    out = list(statuses)
    texts = {
        "script": "<p>Tip: escape your output <script>alert('pwned')</script><img src=x onerror=alert(1)>"
                  " &lt;script&gt;kept as text&lt;/script&gt; <a href=\"javascript:alert(1)\">click</a>"
                  " <style>body{display:none}</style>#NLAWWeek</p>",
        "megabyte": "<p>" + ("Learning is a team sport. " * 40000) + "#NLAWWeek</p>",
        "combining": "<p>Z" + ("\u0301\u0302\u0303\u0304" * 2500) + "algo #NLAWWeek</p>",
        "rlo": "<p>\u202eTip: reversed text\u202c and \u2067isolated\u2069 #NLAWWeek</p>",
        "entities": "<p>&#0; &#xD800; &#1114112; &bogus; &amp;amp; #NLAWWeek</p>",
    }
    for n, (name, html) in enumerate(texts.items()):
        s = copy.deepcopy(template)
        sid = str(990000000000000000 + n)
        s["id"] = sid
        s["uri"] = s["uri"].rsplit("/", 1)[0] + "/" + sid
        s["url"] = s["url"].rsplit("/", 1)[0] + "/" + sid
        s["content"] = html
        s["tags"] = [{"name": "nlawweek", "url": "https://mastodon.example/tags/nlawweek"}]
        s["account"] = dict(s["account"], display_name="\u202eevil\u202c <b>" + name + "</b>")
        if name == "script":
            s["media_attachments"] = [{"id": "m1", "type": "image", "url": base + "/huge.png",
                                       "preview_url": base + "/huge.png", "description": "huge"}]
        if name == "rlo":
            # Local files and a forged log line in a post's image and avatar URLs (issue 10, items 2 and 11).
            s["media_attachments"] = [
                {"id": "m2", "type": "image", "url": "file:///etc/passwd", "preview_url": "file:///etc/passwd"},
                {"id": "m3", "type": "image", "url": "/etc/passwd", "preview_url": "/etc/passwd"},
                {"id": "m4", "type": "image", "url": FORGED_URL, "preview_url": FORGED_URL}]
            s["account"] = dict(s["account"], avatar="file:///root/.ssh/id_rsa", avatar_static="file:///root/.ssh/id_rsa")
        out.append(s)
    return out


def main():
    tmp = Path(tempfile.mkdtemp(prefix="hostile.", dir=os.environ.get("LEARNWALL_TEST_SCRATCH")))
    procs = []
    try:
        images = ThreadingHTTPServer(("127.0.0.1", 0), Images)
        images.daemon_threads = True
        threading.Thread(target=images.serve_forever, daemon=True).start()
        img = "http://127.0.0.1:%d" % images.server_address[1]

        fixtures = tmp / "fixtures"
        shutil.copytree(FIXTURES, fixtures)
        (fixtures / "mastodon_tag_timeline.json").write_text(json.dumps(hostile_mastodon(img)))
        port_file = tmp / "port"
        standin = subprocess.Popen([sys.executable, STANDIN, "--fixtures", str(fixtures), "--port-file", str(port_file)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        procs.append(standin)
        for _ in range(100):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        base = "http://127.0.0.1:" + port_file.read_text().strip()

        data = str(tmp / "event")
        p, _ = run([ADMIN, "init", "--data", data, "--name", "Hostile week", "--start", "2026-01-01", "--end", "2030-12-31",
                    "--timezone", "Europe/London", "--tag", "NLAWWeek", "--by", "test"], 30)
        check(p and p.returncode == 0, "init failed: %s" % (p.stderr.decode(errors="replace") if p else ""))
        p, _ = run([ADMIN, "source", "add", "--data", data, "mastodon", "--base-url", base, "--no-stream", "--by", "test"], 30)
        check(p and p.returncode == 0, "source add failed: %s" % (p.stderr.decode(errors="replace") if p else ""))
        p, secs = run([ADMIN, "ingest", "--data", data, "--once"], 60)
        check(p and p.returncode == 0, "ingest failed: %s" % (p.stderr.decode(errors="replace") if p else ""))
        print("hostile_corpus: ingest of the hostile Mastodon page took %.2f s" % secs)
        if p:
            log = p.stderr.decode(errors="replace")
            check(not any(line.startswith("2026-01-01T00:00:00Z ingest: FORGED") for line in log.splitlines()),
                  "a newline in a post's image URL forged a log line")
            check("\x1b" not in log, "an escape sequence from a post reached the log")
            check("is not published" in log and "file:///etc/passwd" in log,
                  "the ingest log does not say that a post's file:// image is dropped")

        # Manual posts: invalid UTF-8 (raw bytes on the command line), a 1 MB text, hostile images.
        manual = [
            (b"Tip: caf\xc3\xa9 \xff\xfe broken \xed\xa0\x80 surrogate \xc3 #NLAWWeek", [img + "/truncated.png"]),
            ((b"Tip: " + b"long " * 20_000 + b" #NLAWWeek"), [img + "/never.png"]),  # argv caps one argument at 128 KB; the 1 MB post comes through Mastodon
            (b"\xe2\x80\xae" + "Tip: \u05e9\u05dc\u05d5\u05dd and hello #NLAWWeek".encode(), [img + "/notpng.png", img + "/good.png"]),
            ("Tip: 🎉🧠📚 emoji only #NLAWWeek".encode(), [img + "/huge.png"]),
        ]
        for text, images_ in manual:
            args = [ADMIN.encode(), b"post", b"add", b"--data", data.encode(), b"--author", b"Ana Lima", b"--text", text,
                    b"--no-publish", b"--by", b"test"]
            for u in images_:
                args += [b"--image", u.encode()]
            p, _ = run(args, 30)
            check(p and p.returncode == 0, "post add failed: %s" % (p.stderr.decode(errors="replace")[:300] if p else ""))

        p, _ = run([ADMIN, "moderate", "approve", "--all-pending", "--data", data, "--by", "test", "--reason", "corpus"], 60)
        check(p and p.returncode == 0, "moderate failed: %s" % (p.stderr.decode(errors="replace") if p else ""))
        p, secs = run([ADMIN, "publish", "--data", data], 60)
        check(p and p.returncode == 0, "publish failed: %s" % (p.stderr.decode(errors="replace") if p else ""))
        print("hostile_corpus: publish took %.2f s" % secs)

        # Nothing corrupt: the directory validates, wall.json is valid UTF-8 JSON with every post.
        p, _ = run([ADMIN, "validate", "--data", data], 60)
        check(p and p.returncode == 0, "validate failed: %s" % (p.stdout.decode(errors="replace") if p else ""))
        raw = (Path(data) / "publish" / "wall.json").read_bytes()
        try:
            wall = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            check(False, "wall.json is not valid UTF-8 JSON: %s" % e)
            wall = {"posts": []}
        texts = [p.get("text", "") for p in wall.get("posts", [])]
        check(len(texts) >= 9, "expected at least 9 posts on the wall, got %d" % len(texts))
        joined = "\n".join(texts)
        # Markup is dropped with the contents of script and style; text that was escaped in the HTML
        # ("&lt;script&gt;") is text and comes back as such.
        check("alert(" not in joined and "onerror" not in joined and "display:none" not in joined
              and "<b>" not in joined and "<p>" not in joined, "HTML markup from Mastodon content reached the wall")
        check("<script>kept as text</script>" in joined, "escaped text in Mastodon content was not decoded to text")
        check("javascript:" not in json.dumps(wall), "a javascript: link reached the wall")
        check("\ufffd" in joined and "café" in joined, "invalid UTF-8 was not repaired (or good text was lost)")
        check(all(len(t.encode()) <= 4003 for t in texts), "a post on the wall is longer than the 4,000-byte cut")
        check(len(raw) < 200_000, "wall.json carries %d bytes for a dozen posts" % len(raw))
        media = [u for p in wall.get("posts", []) for u in p.get("image_urls", []) + [p.get("author_avatar_url", "")] if u]
        check(all(u.startswith(("http://", "https://", "media/")) for u in media),
              "a local path or another scheme reached wall.json: %s" % [u for u in media if not u.startswith("http")][:3])
        check("passwd" not in raw.decode("utf-8", "replace") and "id_rsa" not in raw.decode("utf-8", "replace"),
              "a post's local file name reached wall.json")

        # The hub's media mirror (the daemon) on the hostile wall: the image server is on loopback and
        # not allowed, so nothing is fetched from it and each refusal is logged with its reason.
        ingest_log = tmp / "ingest.log"
        with open(ingest_log, "wb") as out:
            daemon = subprocess.Popen([ADMIN, "ingest", "--data", data, "--poll-seconds", "60"], stdout=subprocess.DEVNULL,
                                      stderr=out)
            procs.append(daemon)
            time.sleep(4)
            daemon.send_signal(signal.SIGTERM)
            try:
                daemon.wait(timeout=20)
            except subprocess.TimeoutExpired:
                check(False, "the ingest daemon did not stop within 20 s of SIGTERM")
        mirror_log = ingest_log.read_text(errors="replace")
        check("loopback address" in mirror_log, "the mirror did not refuse the loopback image server: %s" % mirror_log[-800:])
        mirrored = list((Path(data) / "publish" / "media").glob("*"))
        check(not mirrored, "the mirror fetched from a loopback address: %s" % mirrored[:3])

        # A kiosk frame of the hostile wall, in both orientations, within a time limit.
        for size in ("1920x1080", "1080x1920"):
            shot = tmp / ("hostile-%s.png" % size)
            layout = tmp / ("layout-%s.json" % size)
            # The image server is on loopback: allowed here, so the huge and broken images are really tried.
            p, secs = run([KIOSK, "--source", str(Path(data) / "publish" / "wall.json"), "--scene", "wall", "--size", size,
                           "--screenshot", str(shot), "--layout-json", str(layout), "--no-cache",
                           "--allow-media-host", "127.0.0.1"], 90)
            check(p and p.returncode == 0, "kiosk screenshot at %s failed: %s" % (size, p.stderr.decode(errors="replace")[-500:] if p else ""))
            check(shot.exists() and shot.stat().st_size > 10000, "kiosk screenshot at %s missing or blank" % size)
            print("hostile_corpus: kiosk frame at %s in %.2f s" % (size, secs))
            keep = os.environ.get("LEARNWALL_HOSTILE_SHOTS")
            if keep and shot.exists():
                shutil.copy(shot, keep + "/hostile-%s.png" % size)

        # The live kiosk stays responsive: it keeps writing its status, and quits promptly on SIGTERM
        # even with an image URL that never answers.
        status = tmp / "status.json"
        kiosk = subprocess.Popen([KIOSK, "--source", str(Path(data) / "publish" / "wall.json"), "--windowed",
                                  "--size", "1280x720", "--status-file", str(status), "--no-cache",
                                  "--allow-media-host", "127.0.0.1"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        procs.append(kiosk)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not status.exists():
            time.sleep(0.2)
        check(status.exists(), "the live kiosk never wrote its status")
        time.sleep(3)
        check(kiosk.poll() is None, "the live kiosk exited on the hostile wall: %s" %
              (kiosk.stderr.read().decode(errors="replace")[-500:] if kiosk.poll() is not None else ""))
        t0 = time.monotonic()
        kiosk.send_signal(signal.SIGTERM)
        try:
            kiosk.wait(timeout=10)
            print("hostile_corpus: live kiosk stopped %.2f s after SIGTERM" % (time.monotonic() - t0))
        except subprocess.TimeoutExpired:
            check(False, "the live kiosk did not stop within 10 s of SIGTERM (stuck on an image?)")
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        if not failures:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print("hostile_corpus: kept %s for a look" % tmp, file=sys.stderr)
    if failures:
        print("hostile_corpus: %d failure(s)" % len(failures), file=sys.stderr)
        return 1
    print("hostile_corpus: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
