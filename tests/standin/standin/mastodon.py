"""Mastodon as the stand-in plays it: statuses in Mastodon's JSON (HTML content, hashtag objects,
accounts with acct), the tag timeline with max_id/since_id/min_id paging and a Link header, status
lookups (one by id; several by id[] on 4.3+), and the hashtag stream as server-sent events."""
import json
import queue
import random
import re
import zlib
from datetime import datetime, timezone
from urllib.parse import parse_qs, quote

from .common import created_at, iso, now, shift_time

MASTODON_HOST = "mastodon.example"


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def mastodon_html(text):
    """Plain text to Mastodon's status HTML: paragraphs, <br>, hashtag links."""
    tags = []

    def tag_link(m):
        name = m.group(1)
        tags.append({"name": name.lower(), "url": "https://%s/tags/%s" % (MASTODON_HOST, name.lower())})
        return ('<a href="https://%s/tags/%s" class="mention hashtag" rel="tag">#<span>%s</span></a>'
                % (MASTODON_HOST, name, name))

    paras = []
    for para in text.split("\n\n"):
        body = html_escape(para)
        body = re.sub(r"#(\w+)", tag_link, body)
        paras.append("<p>" + body.replace("\n", "<br />") + "</p>")
    return "".join(paras), tags


class Mastodon:
    """One Mastodon instance: its statuses (oldest first) and the clients streaming a hashtag."""

    def __init__(self, world):
        self.world = world
        self.posts = []  # statuses, oldest first
        self.subscribers = []  # (tag, queue)
        self.next_id = 112600000000000000

    # ---- the posts ------------------------------------------------------------------------------
    def load_fixture(self, path):
        m = json.loads(path.read_text())
        m.sort(key=lambda s: int(s["id"]))
        self.posts = m

    def timestamps(self):
        return [s["created_at"] for s in self.posts]

    def shift_times(self, delta):
        for s in self.posts:
            shift_time(s, "created_at", delta)
            shift_time(s, "edited_at", delta)
            if s.get("reblog"):
                shift_time(s["reblog"], "created_at", delta)

    def add_post(self, text, author, req):
        self.next_id = max(self.next_id + 1, int(self.posts[-1]["id"]) + 1 if self.posts else 0)
        sid = str(self.next_id)
        # "handle": "user" (an account on this instance) or "user@other.host" (a remote account, as
        # Mastodon shows it: acct keeps the host, the URLs point at the home server).
        user, _, home = (req.get("handle") or "").lstrip("@").partition("@")
        user = user or re.sub(r"[^a-z0-9_]", "", author.lower().split(" ")[0]) or "someone"
        at = created_at(req)
        if req.get("boost_of"):
            orig = next(s for s in self.posts if s["id"] == req["boost_of"])
            status = dict(self._status_shell(sid, user, author, home, at), content="", reblog=orig, tags=[])
        else:
            html, tag_objs = mastodon_html(text)
            status = self._status_shell(sid, user, author, home, at)
            status.update(content=html, tags=tag_objs)
            if req.get("reply_to"):
                parent = next((s for s in self.posts if s["id"] == req["reply_to"]), None)
                if parent:
                    status["in_reply_to_id"] = parent["id"]
                    status["in_reply_to_account_id"] = parent["account"]["id"]
                    status["mentions"] = [{"id": parent["account"]["id"], "username": parent["account"]["username"],
                                           "url": parent["account"]["url"], "acct": parent["account"]["acct"]}]
            if req.get("quote_of"):
                # Mastodon 4.4+ sends an accepted quote with the quoted status inside (issue 14).
                quoted = next((s for s in self.posts if s["id"] == req["quote_of"]), None)
                if quoted:
                    status["quote"] = {"state": "accepted", "quoted_status": quoted}
            if req.get("image"):
                url = self.world.media_url()
                status["media_attachments"] = [{"id": sid + "1", "type": "image", "url": url, "preview_url": url,
                                                "remote_url": None, "description": "a picture", "blurhash": None}]
        self.posts.append(status)
        self.publish_stream("update", status)
        return {"id": sid, "native_id": status["uri"].split("://", 1)[1]}

    def _status_shell(self, sid, user, author, home="", at=None):
        host = home or MASTODON_HOST
        acct_id = str(1000 + (zlib.crc32((user + "@" + host).encode()) % 9000))
        avatar = self.world.avatar_url(user + "@" + host)
        return {
            "id": sid, "created_at": iso(at or now()), "in_reply_to_id": None, "in_reply_to_account_id": None,
            "sensitive": False, "spoiler_text": "", "visibility": "public", "language": "en",
            "uri": "https://%s/users/%s/statuses/%s" % (host, user, sid),
            "url": "https://%s/@%s/%s" % (host, user, sid),
            "replies_count": 0, "reblogs_count": 0, "favourites_count": random.randint(0, 12), "edited_at": None,
            "reblog": None,
            "account": {"id": acct_id, "username": user, "acct": user + ("@" + home if home else ""), "display_name": author,
                        "url": "https://%s/@%s" % (host, user),
                        "avatar": avatar,
                        "avatar_static": avatar, "emojis": []},
            "media_attachments": [], "mentions": [], "tags": [], "emojis": [], "card": None, "poll": None,
        }

    def edit(self, pid, text):
        s = next(s for s in self.posts if s["id"] == pid)
        s["content"], s["tags"] = mastodon_html(text)
        s["edited_at"] = iso(now())
        self.publish_stream("status.update", s)
        return {"id": pid}

    def set_counts(self, pid, likes, reposts, replies):
        s = next(s for s in self.posts if s["id"] == pid)
        s.update(favourites_count=likes, reblogs_count=reposts, replies_count=replies)

    def delete(self, pid):
        s = next(s for s in self.posts if s["id"] == pid)
        self.posts.remove(s)
        self.publish_stream("delete", pid, tags=[t["name"] for t in s.get("tags", [])])

    def by_id(self):
        """Every status the instance knows by id: the timeline's, and the originals its boosts carry
        (a server knows the boosted status too). Call with the lock held."""
        out = {}
        for s in self.posts:
            if s.get("reblog"):
                out.setdefault(s["reblog"]["id"], s["reblog"])
            out[s["id"]] = s
        return out

    def publish_stream(self, event, payload, tags=None):
        if tags is None:
            src = payload.get("reblog") or payload
            tags = [t["name"] for t in src.get("tags", [])]
        data = payload if isinstance(payload, str) else json.dumps(payload)
        for tag, q in list(self.subscribers):
            if tag.lower() in [t.lower() for t in tags]:
                q.put((event, data))

    # ---- the API --------------------------------------------------------------------------------
    @staticmethod
    def request_key(path):
        """The name a request is counted under in /control/stats (ids folded into one key), or None."""
        if path.startswith("/api/v1/timelines/tag/"):
            return "/api/v1/timelines/tag"
        if path.startswith("/api/v1/statuses/"):
            return "/api/v1/statuses/:id"
        return None

    def get(self, h, path, url, q, fault):
        """Serves a GET on handler `h` when the path is Mastodon's; False when it is not."""
        if path.startswith("/api/v1/timelines/tag/"):
            self.timeline(h, path[len("/api/v1/timelines/tag/"):], q, fault)
        elif path.startswith("/api/v1/statuses/"):
            self.status(h, path[len("/api/v1/statuses/"):], fault)
        elif path == "/api/v1/statuses":
            self.statuses(h, parse_qs(url.query).get("id[]", []), fault)
        elif path == "/api/v1/streaming/hashtag":
            self.stream(h, q)
        elif path == "/api/v1/streaming/health":
            h.send_body(200, "OK", ctype="text/plain")
        else:
            return False
        return True

    def rate_headers(self):
        remaining, reset = self.world.window("mastodon", 300, 300)
        return {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": str(remaining),
                "X-RateLimit-Reset": iso(datetime.fromtimestamp(reset, timezone.utc))}

    def timeline(self, h, tag, q, fault):
        w = self.world
        tag = tag.lower()
        limit = max(1, min(40, int(q.get("limit", 20))))
        with w.lock:
            def has_tag(s):
                src = s.get("reblog") or s
                return any(t["name"].lower() == tag for t in src.get("tags", []))
            items = [s for s in self.posts if has_tag(s)]  # oldest first
            ids = lambda s: int(s["id"])
            if "max_id" in q:
                items = [s for s in items if ids(s) < int(q["max_id"])]
            if "since_id" in q:
                items = [s for s in items if ids(s) > int(q["since_id"])]
            if "min_id" in q:
                items = [s for s in items if ids(s) > int(q["min_id"])][:limit]  # the oldest ones after min_id
            page = list(reversed(items))[:limit]  # newest first
        hdrs = self.rate_headers()
        base = "%s/api/v1/timelines/tag/%s" % (w.args.public_base, quote(tag))
        if page:
            hdrs["Link"] = '<%s?max_id=%s>; rel="next", <%s?min_id=%s>; rel="prev"' % (base, page[-1]["id"], base, page[0]["id"])
        h.send_body(200, page, headers=hdrs, fault=fault)

    def status(self, h, sid, fault):
        """GET /api/v1/statuses/:id: the status as it is now; 404 once it is deleted (as Mastodon answers)."""
        with self.world.lock:
            s = self.by_id().get(sid)
        if s is None:
            return h.send_body(404, {"error": "Record not found"}, headers=self.rate_headers())
        h.send_body(200, s, headers=self.rate_headers(), fault=fault)

    def statuses(self, h, ids, fault):
        """GET /api/v1/statuses?id[]=: Mastodon 4.3+ (up to 20 ids; deleted ones are simply left out).
        With --mastodon-version below 4.3 the route does not exist: 404, as an older server answers."""
        w = self.world
        major, minor = (int(x) for x in (w.args.mastodon_version.split(".") + ["0"])[:2])
        if (major, minor) < (4, 3):
            return h.send_body(404, {"error": "Record not found"}, headers=self.rate_headers())
        if not ids or len(ids) > 20:
            return h.send_body(422, {"error": "Validation failed: between 1 and 20 ids"}, headers=self.rate_headers())
        with w.lock:
            by_id = self.by_id()
            found = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
        h.send_body(200, found, headers=self.rate_headers(), fault=fault)

    def stream(self, h, q):
        w = self.world
        if not h.bearer():
            return h.send_body(401, {"error": "Missing access token"})
        with w.lock:
            w.auth_seen.append(h.bearer())
        tag = q.get("tag", "")
        box = queue.Queue()
        entry = (tag, box)
        with w.lock:
            self.subscribers.append(entry)
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Cache-Control", "no-store")
        h.end_headers()
        try:
            h.wfile.write(b":)\n")
            h.wfile.flush()
            while not w.stopping.is_set():
                try:
                    event, data = box.get(timeout=w.args.heartbeat)
                    h.wfile.write(("event: %s\ndata: %s\n\n" % (event, data)).encode("utf-8"))
                except queue.Empty:
                    h.wfile.write(b":thump\n")
                h.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        finally:
            with w.lock:
                if entry in self.subscribers:
                    self.subscribers.remove(entry)
            h.close_connection = True
