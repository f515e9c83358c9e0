"""Tests of the stand-in as a package (issue 12, item 6): one module per network, one entry point that
the tests, the benchmarks and scripts/demo all use, the command line scripts rely on kept whole.
The formats themselves are checked by the connector tests, which ingest from it end to end.
Run: python3 -m unittest discover -s tests/standin (ctest: "connectors: standin package")."""
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

from standin.world import World  # noqa: E402

# Every option scripts/standin accepted before it became a package: scripts and people call these.
STABLE_OPTIONS = ["--host", "--port", "--port-file", "--fixtures", "--empty", "--keep-fixture-times", "--demo",
                  "--demo-interval", "--demo-backlog", "--demo-tips", "--demo-replies", "--demo-authors",
                  "--demo-seed", "--fault", "--heartbeat", "--mastodon-version", "--x-token", "--bsky-handle",
                  "--bsky-password", "--bsky-token-ttl", "--verbose"]

NETWORK_MODULES = {"mastodon": "mastodon.py", "bluesky": "bluesky.py", "x": "x.py", "slack": "slack.py", "teams": "teams.py"}
PATHS = {"mastodon": ["/api/v1/timelines/tag/nlawweek", "/api/v1/statuses/1", "/api/v1/statuses",
                      "/api/v1/streaming/hashtag", "/api/v1/streaming/health"],
         "x": ["/2/tweets/search/recent", "/2/tweets"],
         "bluesky": ["/pds/xrpc/app.bsky.feed.searchPosts", "/pds/xrpc/app.bsky.feed.getPosts"],
         "slack": ["/api/conversations.history", "/api/conversations.replies", "/api/users.info"],
         "teams": ["/graph/v1.0/teams/T/channels/C/messages/delta", "/graph/v1.0/teams/T/channels/C/messages/1"]}


class Recorder:
    """A handler double: records what a network module answered instead of writing to a socket."""

    def __init__(self):
        self.sent = []
        self.headers = {}

    def send_body(self, status, body, **kw):
        self.sent.append((status, body))

    def bearer(self):
        return ""


def start(cmd, env=None):
    """Starts a stand-in; returns (process, base URL)."""
    folder = tempfile.mkdtemp(prefix="standin-test-")
    port_file = os.path.join(folder, "port")
    log = os.path.join(folder, "log")
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd + ["--port", "0", "--port-file", port_file, "--keep-fixture-times"],
                                stdout=out, stderr=subprocess.STDOUT, env=env, cwd=str(REPO))
    for _ in range(200):
        port = Path(port_file).read_text().strip() if os.path.exists(port_file) else ""
        if port:
            return proc, "http://127.0.0.1:%s" % port
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    raise AssertionError("%s did not start: %s" % (cmd, Path(log).read_text()))


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read()


class StandinPackage(unittest.TestCase):
    def test_one_module_per_network_serves_only_its_own_paths(self):
        args = SimpleNamespace(public_base="http://127.0.0.1:1", mastodon_version="4.3.0", heartbeat=1.0, x_token="",
                               bsky_token_ttl=60.0, bsky_handle="h", bsky_password="p")
        world = World(args)
        for name in NETWORK_MODULES:
            net = world.network(name)
            for owner, paths in PATHS.items():
                for path in paths:
                    if owner == name and path == "/api/v1/streaming/hashtag":
                        continue  # would stream; answered 401 without a token, checked below
                    h = Recorder()
                    served = net.get(h, path, SimpleNamespace(query=""), {}, None)
                    self.assertEqual(served, owner == name, "%s and %s" % (name, path))
                    self.assertEqual(bool(h.sent), owner == name, "%s answered %s" % (name, path))
        h = Recorder()
        self.assertTrue(world.mastodon.get(h, "/api/v1/streaming/hashtag", SimpleNamespace(query=""), {}, None))
        self.assertEqual(h.sent[0][0], 401)

    def test_quote_posts_in_the_documented_shapes(self):
        """Issue 14: quote_of gives a Mastodon 4.4 quote and a Bluesky record embed (view and record)."""
        args = SimpleNamespace(public_base="http://127.0.0.1:1", mastodon_version="4.4.0", heartbeat=1.0, x_token="",
                               bsky_token_ttl=60.0, bsky_handle="h", bsky_password="p")
        world = World(args)
        tip = world.mastodon.add_post("Tip: pivot tables #NLAWWeek", "Ana", {"handle": "ana"})
        world.mastodon.add_post("This is gold #NLAWWeek", "Bob", {"handle": "bob", "quote_of": tip["id"]})
        quote = world.mastodon.posts[-1]["quote"]
        self.assertEqual(quote["state"], "accepted")
        self.assertEqual(quote["quoted_status"]["id"], tip["id"])
        btip = world.bluesky.add_post("Tip: pivot tables #NLAWWeek", "Ana", {"handle": "ana.bsky.social"})
        world.bluesky.add_post("This is gold #NLAWWeek", "Bob", {"handle": "bob.bsky.social", "quote_of": btip["id"]})
        post = world.bluesky.posts[-1]
        self.assertEqual(post["record"]["embed"]["$type"], "app.bsky.embed.record")
        self.assertEqual(post["record"]["embed"]["record"]["uri"], btip["id"])
        self.assertEqual(post["embed"]["$type"], "app.bsky.embed.record#view")
        self.assertEqual(post["embed"]["record"]["author"]["handle"], "ana.bsky.social")

    def test_network_modules_do_not_import_each_other(self):
        for name, module in NETWORK_MODULES.items():
            tree = ast.parse((HERE / "standin" / module).read_text())
            imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
            others = {m[:-3] for other, m in NETWORK_MODULES.items() if other != name}
            self.assertFalse(imported & others, "%s imports %s" % (module, imported & others))

    def test_every_launcher_starts_the_same_standin(self):
        env = dict(os.environ, PYTHONPATH=str(HERE))
        launchers = [([sys.executable, str(HERE / "run")], None),
                     ([sys.executable, "-m", "standin"], env),
                     ([sys.executable, str(REPO / "scripts" / "standin")], None)]
        answers = []
        for cmd, e in launchers:
            proc, base = start(cmd, e)
            try:
                status, body = get(base + "/api/v1/timelines/tag/nlawweek?limit=40")
                self.assertEqual(status, 200)
                answers.append(body.decode().replace(base, "BASE"))
            finally:
                proc.terminate()
                proc.wait(10)
            # SIGTERM ends it cleanly (exit 0), as the tests and scripts/demo stop it.
            self.assertEqual(proc.returncode, 0, cmd)
        self.assertTrue(json.loads(answers[0]), "the fixtures are served")
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[0], answers[2])

    def test_command_line_keeps_every_option(self):
        out = subprocess.run([sys.executable, str(HERE / "run"), "--help"], capture_output=True, text=True, check=True).stdout
        for option in STABLE_OPTIONS:
            self.assertRegex(out, r"(^|\s)%s[\s=,]" % re.escape(option), option)
        bad = subprocess.run([sys.executable, str(HERE / "run"), "--fault", "500"], capture_output=True, text=True)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("standin: error: --fault: expected KIND:PATH[:COUNT], got '500'", bad.stderr)

    def test_demo_and_tests_start_it_the_same_way(self):
        # scripts/demo, the C++ tests (through LEARNWALL_STANDIN), the deploy test and the benchmarks all
        # start tests/standin/run: one entry point, so a demo that works proves what the tests use.
        demo = (REPO / "scripts" / "demo").read_text()
        self.assertRegex(demo, r"\npython3 tests/standin/run ")
        for cmake in ("tests/connectors/CMakeLists.txt", "tests/admin_gui/CMakeLists.txt"):
            self.assertIn('LEARNWALL_STANDIN="${PROJECT_SOURCE_DIR}/tests/standin/run"', (REPO / cmake).read_text(), cmake)
        self.assertIn("${PROJECT_SOURCE_DIR}/tests/standin/run", (REPO / "tests/deploy/CMakeLists.txt").read_text())
        self.assertIn("--standin tests/standin/run", (REPO / "scripts" / "bench").read_text())
        self.assertIn('"python3", LEARNWALL_STANDIN', (REPO / "tests/connectors/standin.hpp").read_text())


if __name__ == "__main__":
    unittest.main()
