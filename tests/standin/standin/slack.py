"""Slack (Web API) as the stand-in plays it: one workspace's channels and their messages, in the shapes
Slack documents: conversations.history (newest first; oldest/latest/inclusive; cursor paging with
response_metadata.next_cursor and has_more), conversations.replies (the parent first, then replies),
users.info, message files with url_private (served at /slack-files/N.png to a bearer token only).
Errors are HTTP 200 with {"ok": false, "error": code} (not_authed, invalid_auth, channel_not_found,
thread_not_found, user_not_found, invalid_cursor); over a method's Tier limit a 429 with Retry-After."""
import time
import zlib

from .common import png

TIER3_PER_MINUTE = 50  # conversations.history / conversations.replies
TIER4_PER_MINUTE = 100  # users.info


def ts_key(ts):
    secs, _, frac = ts.partition(".")
    return int(secs), int(frac or 0)


class Slack:
    """Messages per channel (oldest first, replies included with their thread_ts) and the users."""

    def __init__(self, world):
        self.world = world
        self.channels = {}  # channel id -> [message]
        self.users = {}
        self.files = 0
        self.last_ts = 0.0

    # ---- the posts ------------------------------------------------------------------------------
    def next_ts(self, at):
        t = max(at, self.last_ts + 0.000100)
        self.last_ts = t
        return "%.6f" % t

    def user_for(self, author, handle):
        name = (handle or "").lstrip("@") or "".join(c for c in author.lower().replace(" ", ".") if c.isalnum() or c == ".") or "someone"
        uid = "U%08X" % (zlib.crc32(name.encode()) & 0xFFFFFFFF)
        self.users.setdefault(uid, {"id": uid, "team_id": "T0STANDIN", "name": name, "deleted": False, "real_name": author,
                                    "is_bot": False,
                                    "profile": {"real_name": author, "display_name": author.split(" ")[0],
                                                "image_72": self.world.avatar_url(name),
                                                "image_192": self.world.avatar_url(name)}})
        return uid

    def add_post(self, text, author, req):
        from .common import created_at
        channel = req.get("channel") or "C0STANDIN1"
        msgs = self.channels.setdefault(channel, [])
        ts = self.next_ts(created_at(req).timestamp())
        uid = self.user_for(author, req.get("handle"))
        m = {"type": "message", "user": uid, "text": text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
             "ts": ts, "team": "T0STANDIN"}
        if req.get("reply_to"):
            parent = self.find(channel, req["reply_to"])
            if parent is None:
                raise StopIteration
            m["thread_ts"] = parent["ts"]
            m["parent_user_id"] = parent["user"]
            parent["thread_ts"] = parent["ts"]
            parent["reply_count"] = parent.get("reply_count", 0) + 1
            parent["latest_reply"] = ts
        if req.get("image"):
            self.files += 1
            base = self.world.args.public_base
            m["files"] = [{"id": "F%08d" % self.files, "name": "tip.png", "mimetype": "image/png", "filetype": "png",
                           "url_private": "%s/slack-files/%d.png" % (base, self.files),
                           "url_private_download": "%s/slack-files/%d.png?download=1" % (base, self.files)}]
            m["upload"] = True
        if req.get("bot"):
            m.pop("user")
            m["subtype"] = "bot_message"
            m["bot_id"] = "B0STANDIN"
        msgs.append(m)
        return {"id": ts, "native_id": "%s/%s" % (channel, ts)}

    def find(self, channel, ts):
        return next((m for m in self.channels.get(channel, []) if m["ts"] == ts), None)

    def split_id(self, pid):
        """A control id: "CHANNEL/TS" or a bare ts (in any channel)."""
        if "/" in pid:
            return pid.split("/", 1)
        for ch, msgs in self.channels.items():
            if any(m["ts"] == pid for m in msgs):
                return ch, pid
        raise StopIteration

    def edit(self, pid, text):
        ch, ts = self.split_id(pid)
        m = self.find(ch, ts)
        if m is None:
            raise StopIteration
        m["text"] = text
        m["edited"] = {"user": m.get("user", ""), "ts": "%.6f" % time.time()}
        return {"id": pid}

    def set_counts(self, pid, likes, reposts, replies):
        ch, ts = self.split_id(pid)
        m = self.find(ch, ts)
        if m is None:
            raise StopIteration
        m["reactions"] = [{"name": "+1", "count": likes, "users": ["U0FAN%04d" % i for i in range(min(likes, 10))]}] if likes else []

    def delete(self, pid):
        ch, ts = self.split_id(pid)
        self.channels[ch] = [m for m in self.channels.get(ch, []) if m["ts"] != ts]

    # ---- the API --------------------------------------------------------------------------------
    @staticmethod
    def request_key(path):
        return None

    def get(self, h, path, url, q, fault):
        if path.startswith("/slack-files/"):
            self.file(h, path)
        elif path == "/api/conversations.history":
            self.history(h, q, fault)
        elif path == "/api/conversations.replies":
            self.replies(h, q, fault)
        elif path == "/api/users.info":
            self.user_info(h, q, fault)
        else:
            return False
        return True

    def authorised(self, h, fault):
        """Slack answers a missing or wrong token with ok: false (HTTP 200)."""
        token = h.bearer()
        if not token:
            h.send_body(200, {"ok": False, "error": "not_authed"}, fault=fault)
            return False
        with self.world.lock:
            self.world.auth_seen.append(token)
        want = getattr(self.world.args, "slack_token", "")
        if want and token != want:
            h.send_body(200, {"ok": False, "error": "invalid_auth"}, fault=fault)
            return False
        return True

    def limited(self, h, key, per_minute):
        remaining, reset = self.world.window(key, per_minute + 1, 60)
        if remaining > 0:
            return False
        h.send_body(429, {"ok": False, "error": "ratelimited"}, headers={"Retry-After": str(max(1, reset - int(time.time())))})
        return True

    def file(self, h, path):
        # url_private: only with the token (a browser or a kiosk without it gets Slack's login page).
        if not h.bearer():
            return h.send_body(302, b"", ctype="text/html", headers={"Location": "/slack-login"})
        n = int(path[len("/slack-files/"):].split(".")[0] or 0)
        h.send_body(200, png(320, 180, 1000 + n), ctype="image/png")

    def window_of(self, msgs, q):
        """oldest / latest / inclusive as Slack reads them."""
        inclusive = q.get("inclusive") in ("true", "1")
        out = msgs
        if q.get("oldest"):
            o = ts_key(q["oldest"])
            out = [m for m in out if ts_key(m["ts"]) > o or (inclusive and ts_key(m["ts"]) == o)]
        if q.get("latest"):
            la = ts_key(q["latest"])
            out = [m for m in out if ts_key(m["ts"]) < la or (inclusive and ts_key(m["ts"]) == la)]
        return out

    def paged(self, h, items, q, fault, extra=None):
        limit = max(1, min(999, int(q.get("limit") or 100)))
        try:
            offset = int(q.get("cursor") or 0)
        except ValueError:
            return h.send_body(200, {"ok": False, "error": "invalid_cursor"}, fault=fault)
        page = items[offset:offset + limit]
        more = offset + limit < len(items)
        body = {"ok": True, "messages": page, "has_more": more, "pin_count": 0,
                "response_metadata": {"next_cursor": str(offset + limit) if more else ""}}
        body.update(extra or {})
        h.send_body(200, body, fault=fault)

    def history(self, h, q, fault):
        if not self.authorised(h, fault) or self.limited(h, "slack-history", TIER3_PER_MINUTE):
            return
        with self.world.lock:
            msgs = self.channels.get(q.get("channel", ""))
            if msgs is None:
                return h.send_body(200, {"ok": False, "error": "channel_not_found"}, fault=fault)
            # The channel's top level: replies stay in their thread (unless broadcast).
            top = [m for m in msgs if m.get("thread_ts", m["ts"]) == m["ts"] or m.get("subtype") == "thread_broadcast"]
            items = list(reversed(self.window_of(top, q)))  # newest first
            items = [dict(m) for m in items]
        self.paged(h, items, q, fault, {"latest": q.get("latest", "")} if q.get("latest") else None)

    def replies(self, h, q, fault):
        if not self.authorised(h, fault) or self.limited(h, "slack-replies", TIER3_PER_MINUTE):
            return
        with self.world.lock:
            msgs = self.channels.get(q.get("channel", ""))
            if msgs is None:
                return h.send_body(200, {"ok": False, "error": "channel_not_found"}, fault=fault)
            ts = q.get("ts", "")
            m = self.find(q.get("channel", ""), ts)
            if m is None:
                return h.send_body(200, {"ok": False, "error": "thread_not_found"}, fault=fault)
            parent_ts = m.get("thread_ts", m["ts"])
            parent = self.find(q.get("channel", ""), parent_ts)
            if parent is None:
                return h.send_body(200, {"ok": False, "error": "thread_not_found"}, fault=fault)
            replies = [r for r in msgs if r.get("thread_ts") == parent_ts and r["ts"] != parent_ts]
            # The parent always comes first; oldest/latest bound the replies (oldest first).
            items = [dict(parent)] + [dict(r) for r in self.window_of(replies, q)]
        self.paged(h, items, q, fault)

    def user_info(self, h, q, fault):
        if not self.authorised(h, fault) or self.limited(h, "slack-users", TIER4_PER_MINUTE):
            return
        with self.world.lock:
            u = self.users.get(q.get("user", ""))
        if u is None:
            return h.send_body(200, {"ok": False, "error": "user_not_found"}, fault=fault)
        h.send_body(200, {"ok": True, "user": u}, fault=fault)
