"""What the networks share: one lock, request counters, rate-limit windows, the images the
stand-in serves, and the networks themselves (mastodon, x, bluesky, slack: one object each)."""
import re
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from .bluesky import Bluesky
from .common import now, parse_iso
from .faults import FaultBook
from .mastodon import Mastodon
from .slack import Slack
from .teams import Teams
from .x import X

NETWORKS = ("mastodon", "bluesky", "x", "slack", "teams")


class World:
    """Everything the stand-in knows: posts on the three networks, faults, counters, subscribers."""

    def __init__(self, args):
        # One lock for the whole world: control requests, the demo feed and the handlers touch posts
        # of several networks at once (stats, fixtures), and nothing here is slow enough to need more.
        self.lock = threading.RLock()
        self.args = args
        self.stopping = threading.Event()
        self.faults = FaultBook(self.lock)
        self.requests = {}
        self.windows = {}  # rate-limit window per endpoint: key -> [window start (epoch s), requests in it]
        self.user_agents = set()
        self.accept_encodings = set()
        self.auth_seen = []
        self.media_count = 0
        self.mastodon = Mastodon(self)
        self.x = X(self)
        self.bluesky = Bluesky(self)
        self.slack = Slack(self)
        self.teams = Teams(self)

    def network(self, name):
        """The network object by its control name; ValueError for any other name."""
        if name in NETWORKS:
            return getattr(self, name)
        raise ValueError("unknown network %r" % name)

    # ---- loading fixtures -------------------------------------------------------------------
    def load_fixtures(self, folder, keep_times):
        folder = Path(folder)
        self.mastodon.load_fixture(folder / "mastodon_tag_timeline.json")
        self.x.load_fixture(folder / "x_search_recent.json")
        self.bluesky.load_fixture(folder / "bluesky_search_posts.json")
        if not keep_times:
            self._shift_times()

    def _shift_times(self):
        """Moves fixture times so the newest is a minute ago: X only searches the last 7 days. One shift
        for all three networks, so their posts keep their order relative to each other."""
        stamps = []
        for net in (self.mastodon, self.x, self.bluesky):
            stamps.extend(parse_iso(s) for s in net.timestamps())
        if not stamps:
            return
        delta = (now() - timedelta(minutes=1)) - max(stamps)
        for net in (self.mastodon, self.x, self.bluesky):
            net.shift_times(delta)

    # ---- counters and rate limits ------------------------------------------------------------
    def count(self, key):
        with self.lock:
            self.requests[key] = self.requests.get(key, 0) + 1

    def window(self, key, limit, seconds):
        """Requests left in the current rate-limit window of `key` and when it resets (epoch seconds).
        Windows refill like the real ones, so a long demo never runs dry for good."""
        t = time.time()
        with self.lock:
            w = self.windows.get(key)
            if w is None or t >= w[0] + seconds:
                w = self.windows[key] = [t, 0]
            w[1] += 1
            return max(0, limit - w[1]), int(w[0] + seconds)

    # ---- making posts -----------------------------------------------------------------------
    def media_url(self):
        """Images of all three networks share one numbering: /media/N.png is a picture whatever posted it."""
        with self.lock:
            self.media_count += 1
            n = self.media_count
        return "%s/media/%d.png" % (self.args.public_base, n)

    def avatar_url(self, who):
        """Avatars served by the stand-in itself, so an offline wall shows faces (well, colours)."""
        return "%s/avatars/%s.png" % (self.args.public_base, quote(re.sub(r"[^a-z0-9_.@-]", "", who.lower())))

    def add_post(self, req):
        net = req.get("network", "mastodon")
        text = req.get("text", "")
        author = req.get("author", "Sam Standin")
        tags = req.get("tags") or ["NLAWWeek"]
        for tg in tags:
            if "#" + tg.lower() not in text.lower():
                text = (text + " #" + tg).strip()
        with self.lock:
            return self.network(net).add_post(text, author, req)

    def edit(self, req):
        net = req.get("network")
        with self.lock:
            if net in ("mastodon", "x", "slack", "teams"):
                return self.network(net).edit(req.get("id"), req.get("text", ""))
        raise ValueError("edits are supported on mastodon, x, slack and teams")

    def set_counts(self, req):
        """Likes, reposts and replies change upstream without the post changing (as on the real networks)."""
        net, pid = req.get("network"), req.get("id")
        likes, reposts, replies = (int(req.get(k, 0)) for k in ("likes", "reposts", "replies"))
        with self.lock:
            self.network(net).set_counts(pid, likes, reposts, replies)
        return {"id": pid}

    def delete(self, req):
        net, pid = req.get("network"), req.get("id")
        with self.lock:
            if net in NETWORKS:  # an unknown network deletes nothing, as before
                self.network(net).delete(pid)
        return {"id": pid}

    def stats(self):
        with self.lock:
            return {"requests": self.requests, "user_agents": sorted(self.user_agents),
                    "accept_encodings": sorted(self.accept_encodings),
                    "streams": len(self.mastodon.subscribers), "faults": self.faults.pending,
                    "counts": {"mastodon": len(self.mastodon.posts), "x": len(self.x.posts),
                               "bluesky": len(self.bluesky.posts),
                               "slack": sum(len(m) for m in self.slack.channels.values()),
                               "teams": sum(len(m) for m in self.teams.messages.values())}}

