"""HTTP plumbing and routing: one handler class serves every network's paths on one port (their paths
do not collide), the images, the hostile answers and the control API; main() is the command line."""
import argparse
import gzip
import json
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from . import __doc__ as USAGE
from . import faults
from .common import png
from .demo_feed import DemoCast, demo_loop
from .world import World

REPO = Path(__file__).resolve().parents[3]  # tests/standin/standin/server.py -> the checkout
DEFAULT_FIXTURES = REPO / "tests" / "connectors" / "fixtures"
DEMO_ASSETS = REPO / "assets" / "demo"


class Handler(BaseHTTPRequestHandler):
    server_version = "standin/1"
    world = None

    def log_message(self, fmt, *args):
        if self.world.args.verbose:
            sys.stderr.write("standin: " + (fmt % args) + "\n")

    # ---- plumbing (the network modules answer through these) -------------------------------------
    def send_body(self, status, body, ctype="application/json; charset=utf-8", headers=None, fault=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False)
        if isinstance(body, str):
            body = body.encode("utf-8")
        body, ctype, status = faults.shape_body(fault, body, ctype, status)
        gz = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if gz:
            body = gzip.compress(body)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if gz:
            self.send_header("Content-Encoding", "gzip")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if fault and fault["kind"] == "truncate":
            # Promise the whole body, send half, hang up.
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def read_json(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        return json.loads(raw or b"{}")

    def bearer(self):
        h = self.headers.get("Authorization") or ""
        return h[7:] if h.startswith("Bearer ") else ""

    def note(self, key):
        w = self.world
        w.count(key)
        with w.lock:
            w.user_agents.add(self.headers.get("User-Agent") or "")
            w.accept_encodings.add(self.headers.get("Accept-Encoding") or "")

    def networks(self):
        w = self.world
        return (w.mastodon, w.x, w.bluesky, w.slack, w.teams)

    # ---- routes ---------------------------------------------------------------------------------------
    def do_GET(self):
        url = urlparse(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        path = url.path
        try:
            if path.startswith("/control/"):
                return self.control_get(path)
            if path.startswith("/avatars/") and path.endswith(".png"):
                return self.send_body(200, png(96, 96, zlib.crc32(path.encode())), ctype="image/png")
            if path.startswith("/media/") and path.endswith(".png"):
                n = int(path[len("/media/"):-4] or 0)
                return self.send_body(200, png(480, 270, n), ctype="image/png")
            if path.startswith("/hostile/"):
                return faults.hostile(self, path, q)
            if path.startswith("/slack-files/"):  # a file, not an API call: never counted or faulted
                return self.world.slack.get(self, path, url, q, None)
            # Every API request is counted (ids folded into one key) and may meet a fault, even one
            # to a path no network serves.
            self.note(next((k for k in (n.request_key(path) for n in self.networks()) if k), path))
            fault, done = faults.apply_fault(self, path)
            if done:
                return
            for net in self.networks():
                if net.get(self, path, url, q, fault):
                    return
            self.send_body(404, {"error": "Record not found"})
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_POST(self):
        url = urlparse(self.path)
        path = url.path
        try:
            if path.startswith("/control/"):
                return self.control_post(path)
            self.note(path)
            fault, done = faults.apply_fault(self, path)
            if done:
                return
            if self.world.bluesky.post(self, path, fault):
                return
            if self.world.teams.post(self, path, fault):
                return
            self.send_body(404, {"error": "Record not found"})
        except (BrokenPipeError, ConnectionResetError):
            pass

    # ---- control ----------------------------------------------------------------------------------
    def control_get(self, path):
        if path == "/control/stats":
            return self.send_body(200, self.world.stats())
        self.send_body(404, {"error": "unknown control endpoint"})

    def control_post(self, path):
        w = self.world
        try:
            req = self.read_json()
            if path == "/control/post":
                return self.send_body(200, w.add_post(req))
            if path == "/control/edit":
                return self.send_body(200, w.edit(req))
            if path == "/control/delete":
                return self.send_body(200, w.delete(req))
            if path == "/control/counts":
                return self.send_body(200, w.set_counts(req))
            if path == "/control/fault":
                w.faults.add_request(req)
                return self.send_body(200, {"ok": True})
            if path == "/control/opt-out":
                with w.lock:
                    hit = w.bluesky.opt_out(req.get("handle"))
                return self.send_body(200 if hit else 400, {"posts": hit} if hit else {"error": "no posts by that handle"})
            if path == "/control/expire-bluesky-tokens":
                with w.lock:
                    w.bluesky.expire_tokens()
                return self.send_body(200, {"ok": True})
        except (StopIteration, ValueError, KeyError) as e:
            return self.send_body(400, {"error": "bad control request: %s" % (e or "no such post")})
        self.send_body(404, {"error": "unknown control endpoint"})


def parse_args(argv=None):
    ap = argparse.ArgumentParser(prog="standin", description=USAGE,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=0, help="port (default: a free one, printed at start)")
    ap.add_argument("--port-file", help="write the chosen port to this file once listening")
    ap.add_argument("--fixtures", default=str(DEFAULT_FIXTURES), help="folder with the fixture responses")
    ap.add_argument("--empty", action="store_true", help="start with no posts (ignore the fixtures)")
    ap.add_argument("--keep-fixture-times", action="store_true",
                    help="serve fixture times as written (default: moved so the newest is a minute old)")
    ap.add_argument("--demo", action="store_true", help="keep producing learning-tip posts on all three networks")
    ap.add_argument("--demo-interval", type=float, default=4.0, help="seconds between demo posts (default 4)")
    ap.add_argument("--demo-backlog", type=int, default=12, help="demo posts spread over the last 3 hours at start (default 12)")
    ap.add_argument("--demo-tips", default=str(DEMO_ASSETS / "tips.txt"), help="demo post texts, one a line")
    ap.add_argument("--demo-replies", default=str(DEMO_ASSETS / "replies.txt"), help="demo reply texts, one a line")
    ap.add_argument("--demo-authors", default=str(DEMO_ASSETS / "authors.txt"), help="demo authors: NETWORK|HANDLE|NAME a line")
    ap.add_argument("--demo-seed", type=int, default=7, help="random seed of the demo (same seed, same story)")
    ap.add_argument("--fault", action="append", default=[], metavar="KIND:PATH[:COUNT]",
                    help="inject a fault: 429, 500, 503, slow, truncate, malformed, html or reset (repeatable)")
    ap.add_argument("--heartbeat", type=float, default=15.0, help="seconds between stream heartbeats")
    ap.add_argument("--mastodon-version", default="4.3.0",
                    help="the Mastodon version to act as: below 4.3 there is no GET /api/v1/statuses?id[]= (default 4.3.0)")
    ap.add_argument("--x-token", default="", help="the only X bearer token accepted (default: any)")
    ap.add_argument("--bsky-handle", default="wall.bsky.social", help="Bluesky handle accepted by createSession")
    ap.add_argument("--bsky-password", default="standin-app-password", help="Bluesky app password accepted")
    ap.add_argument("--bsky-token-ttl", type=float, default=3600.0, help="seconds a Bluesky access token lives")
    ap.add_argument("--slack-token", default="", help="the only Slack bot token accepted (default: any)")
    ap.add_argument("--teams-client-id", default="standin-client", help="the Teams app's client id the token endpoint accepts")
    ap.add_argument("--teams-client-secret", default="", help="the only Teams client secret accepted (default: any)")
    ap.add_argument("--verbose", action="store_true", help="log every request on stderr")
    return ap, ap.parse_args(argv)


def main(argv=None):
    ap, args = parse_args(argv)
    world = World(args)
    Handler.world = world
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    args.public_base = "http://%s:%d" % (args.host, port)
    if not args.empty:
        world.load_fixtures(args.fixtures, args.keep_fixture_times)
    for spec in args.fault:
        problem = world.faults.add_spec(spec)
        if problem:
            ap.error(problem)
    cast = DemoCast(args) if args.demo else None  # read before serving: a bad asset stops the start, clearly
    if args.port_file:
        Path(args.port_file).write_text("%d\n" % port)
    print("standin: listening on %s (Mastodon, Bluesky and X; control at %s/control/)" % (args.public_base, args.public_base),
          flush=True)
    print("standin: base URL for all three sources: %s" % args.public_base, flush=True)
    if args.demo:
        threading.Thread(target=demo_loop, args=(world, cast, args.demo_interval, args.demo_backlog, world.stopping),
                         daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        world.stopping.set()
        server.server_close()
