"""The simulated activity of --demo (what scripts/demo shows): colleagues from assets/demo posting tips
on all three networks, with replies, boosts and pictures, after a backlog spread over three hours."""
import random
import re
import sys
from datetime import timedelta
from pathlib import Path

from .common import iso, now


def read_lines(path, what):
    """Non-empty, non-comment lines of a demo asset; a clear error naming the file when unusable."""
    try:
        lines = [l.strip() for l in Path(path).read_text(encoding="utf-8").splitlines()]
    except OSError as e:
        raise SystemExit("standin: cannot read the demo %s %s: %s" % (what, path, e.strerror))
    lines = [l for l in lines if l and not l.startswith("#")]
    if not lines:
        raise SystemExit("standin: the demo %s file %s has no lines" % (what, path))
    return lines


class DemoCast:
    """Who posts what in the demo: tips, replies and authors from assets/demo (authors.txt lines are
    NETWORK|HANDLE|DISPLAY NAME, the same handles as the demo roster, so points land on real names)."""

    def __init__(self, args):
        self.tips = read_lines(args.demo_tips, "tips")
        self.replies = read_lines(args.demo_replies, "replies")
        self.authors = {"mastodon": [], "bluesky": [], "x": []}
        for n, line in enumerate(read_lines(args.demo_authors, "authors"), 1):
            parts = line.split("|")
            if len(parts) != 3 or parts[0] not in self.authors or not parts[1].strip():
                raise SystemExit("standin: %s: line %d: expected NETWORK|HANDLE|NAME with NETWORK mastodon, bluesky "
                                 "or x, got %r" % (args.demo_authors, n, line))
            self.authors[parts[0]].append((parts[1].strip(), parts[2].strip()))
        self.networks = [k for k in ("mastodon", "bluesky", "x") if self.authors[k]]
        self.rnd = random.Random(args.demo_seed)
        self.order = list(range(len(self.tips)))
        self.rnd.shuffle(self.order)
        self.n = 0

    def next_request(self, world, at=None):
        """The next demo post as a /control/post request: a tip, sometimes a reply, a boost or a picture."""
        rnd = self.rnd
        net = self.networks[self.n % len(self.networks)]
        handle, name = rnd.choice(self.authors[net])
        req = {"network": net, "author": name, "handle": handle, "image": rnd.random() < 0.25}
        if at is not None:
            req["at"] = iso(at)
        with world.lock:
            pool = world.network(net).posts
            own = [p for p in pool if not p.get("reblog") and not p.get("referenced_tweets")]
            roll = rnd.random()
            parent = own[-1] if own and at is None and roll < 0.15 else None
            shared = rnd.choice(own[-10:]) if own and at is None and 0.15 <= roll < 0.22 and net != "bluesky" else None
        if parent is not None:
            req["reply_to"] = parent.get("uri") if net == "bluesky" else parent["id"]
            req["text"] = rnd.choice(self.replies)
            req["image"] = False
        elif shared is not None:
            req["boost_of" if net == "mastodon" else "retweet_of"] = shared["id"]
            req["text"] = ""
            req["image"] = False
        else:
            req["text"] = self.tips[self.order[self.n % len(self.order)]]
        req["tags"] = re.findall(r"#(\w+)", req["text"]) or [rnd.choice(["NLAWWeek", "LearningAtWorkWeek"])]
        self.n += 1
        return req


def demo_loop(world, cast, interval, backlog, stop):
    # A backlog spread over the last three hours: what a hub that starts mid-event pages back through.
    for i in range(backlog):
        at = now() - timedelta(minutes=180 * (backlog - i) / max(1, backlog))
        try:
            world.add_post(cast.next_request(world, at))
        except Exception as e:  # a demo post that fails must not stop the demo
            print("standin: demo backlog post failed: %s" % e, file=sys.stderr, flush=True)
    if backlog:
        print("standin: demo backlog of %d posts over the last 3 hours" % backlog, flush=True)
    while not stop.wait(interval):
        req = cast.next_request(world)
        try:
            made = world.add_post(req)
            kind = "reply" if req.get("reply_to") else "boost" if req.get("boost_of") or req.get("retweet_of") else "post"
            print("standin: demo %s %s by %s: %s" % (req["network"], kind, req["handle"], made["id"]), flush=True)
        except Exception as e:
            print("standin: demo post failed: %s" % e, file=sys.stderr, flush=True)
