"""X (API v2) as the stand-in plays it: tweets with entities, public_metrics and edit history, users
and media as expansions, recent search (since_id, start_time within 7 days, next_token paging) and
lookup by ids (missing tweets as resource-not-found errors in a 200), with x-rate-limit-* headers."""
import json
import random
import re
import zlib
from datetime import timedelta

from .common import created_at, iso, now, parse_iso, shift_time

UNAUTHORIZED = {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}


def invalid_request(parameter, value, message):
    """X's 400 body for a bad query parameter."""
    return {"errors": [{"parameters": {parameter: [value]}, "message": message}],
            "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request"}


def escape(text):
    """X sends &, < and > escaped in tweet text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class X:
    """The tweets (oldest first) and the users and media they expand to."""

    def __init__(self, world):
        self.world = world
        self.posts = []  # tweet objects (data form), oldest first
        self.users = {}
        self.media = {}
        self.next_id = 1793000000000000000

    # ---- the posts ------------------------------------------------------------------------------
    def load_fixture(self, path):
        x = json.loads(path.read_text())
        seen = {}
        for t in x["includes"].get("tweets", []) + x["data"]:
            seen[t["id"]] = t
        self.posts = sorted(seen.values(), key=lambda t: int(t["id"]))
        self.users = {u["id"]: u for u in x["includes"]["users"]}
        self.media = {md["media_key"]: md for md in x["includes"]["media"]}

    def timestamps(self):
        return [t["created_at"] for t in self.posts]

    def shift_times(self, delta):
        for t in self.posts:
            shift_time(t, "created_at", delta)

    def add_post(self, text, author, req):
        self.next_id = max(self.next_id + 1, int(self.posts[-1]["id"]) + 1 if self.posts else 0)
        tid = str(self.next_id)
        username = (req.get("handle") or "").lstrip("@") or \
            re.sub(r"[^a-z0-9_]", "", author.lower().replace(" ", "_"))[:15] or "someone"
        uid = str(5000 + (zlib.crc32(username.encode()) % 9000))
        self.users.setdefault(uid, {"id": uid, "name": author, "username": username,
                                    "profile_image_url": self.world.avatar_url(username)})
        tw = {"id": tid, "edit_history_tweet_ids": [tid], "text": escape(text), "author_id": uid, "created_at": iso(created_at(req)),
              "lang": "en", "possibly_sensitive": False, "conversation_id": tid,
              "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": random.randint(0, 20),
                                 "quote_count": 0, "bookmark_count": 0, "impression_count": 50},
              "entities": {"hashtags": []}}
        if req.get("retweet_of"):
            orig = next(t for t in self.posts if t["id"] == req["retweet_of"])
            ou = self.users[orig["author_id"]]["username"]
            tw["text"] = ("RT @%s: " % ou + orig["text"])[:140]
            tw["referenced_tweets"] = [{"type": "retweeted", "id": orig["id"]}]
        if req.get("reply_to"):
            parent = next((t for t in self.posts if t["id"] == req["reply_to"]), None)
            if parent:
                tw["referenced_tweets"] = [{"type": "replied_to", "id": parent["id"]}]
                tw["in_reply_to_user_id"] = parent["author_id"]
                tw["conversation_id"] = parent.get("conversation_id", parent["id"])
        if req.get("image"):
            key = "3_" + tid
            self.media[key] = {"media_key": key, "type": "photo", "url": self.world.media_url(), "width": 480, "height": 270}
            short = "https://t.co/" + tid[-8:]
            tw["text"] += " " + short
            tw["attachments"] = {"media_keys": [key]}
            tw["entities"]["urls"] = [{"url": short, "expanded_url": "https://x.com/%s/status/%s/photo/1" % (username, tid),
                                       "display_url": "pic.x.com/" + tid[-8:], "media_key": key}]
        for m in re.finditer(r"#(\w+)", tw["text"]):
            tw["entities"]["hashtags"].append({"start": m.start(), "end": m.end(), "tag": m.group(1)})
        self.posts.append(tw)
        return {"id": tid, "native_id": tid}

    def edit(self, pid, text):
        # An X edit is a new tweet whose edit history starts with the original.
        old = next(t for t in self.posts if t["id"] == pid)
        self.next_id += 1
        new = json.loads(json.dumps(old))
        new["id"] = str(self.next_id)
        new["edit_history_tweet_ids"] = old["edit_history_tweet_ids"] + [new["id"]]
        new["text"] = escape(text)
        self.posts.remove(old)
        self.posts.append(new)
        return {"id": new["id"]}

    def find(self, tid):
        """The tweet with this id, or whose edit history has it (an edited tweet answers to its old ids)."""
        return next((t for t in self.posts if t["id"] == tid or tid in t.get("edit_history_tweet_ids", [])), None)

    def set_counts(self, pid, likes, reposts, replies):
        t = self.find(pid)
        if t is None:
            raise StopIteration  # "no such post", as for the other networks
        t["public_metrics"].update(like_count=likes, retweet_count=reposts, reply_count=replies)

    def delete(self, pid):
        self.posts = [t for t in self.posts if t["id"] != pid]

    # ---- the API --------------------------------------------------------------------------------
    @staticmethod
    def request_key(path):
        return None  # counted by path

    def get(self, h, path, url, q, fault):
        if path == "/2/tweets/search/recent":
            self.search(h, q, fault)
        elif path == "/2/tweets":
            self.lookup(h, q, fault)
        else:
            return False
        return True

    def search(self, h, q, fault):
        w = self.world
        token = h.bearer()
        if not token:
            return h.send_body(401, UNAUTHORIZED)
        with w.lock:
            w.auth_seen.append(token)
        if w.args.x_token and token != w.args.x_token:
            return h.send_body(401, UNAUTHORIZED)
        query = q.get("query", "")
        tags = [t.lower() for t in re.findall(r"#(\w+)", query)]
        if not tags:
            return h.send_body(400, invalid_request("query", query, "Invalid query"))
        maxr = max(10, min(100, int(q.get("max_results", 10))))
        with w.lock:
            def matches(t):
                return any(tg["tag"].lower() in tags for tg in t.get("entities", {}).get("hashtags", []))
            items = [t for t in self.posts if matches(t)]
            if "since_id" in q:
                items = [t for t in items if int(t["id"]) > int(q["since_id"])]
            if "start_time" in q:
                st = parse_iso(q["start_time"])
                if st < now() - timedelta(days=7):
                    return h.send_body(400, invalid_request(
                        "start_time", q["start_time"], "Invalid 'start_time':'%s'. 'start_time' must be on or after %s"
                        % (q["start_time"], iso(now() - timedelta(days=7)))))
                items = [t for t in items if parse_iso(t["created_at"]) >= st]
            items.reverse()  # newest first
            newest_id = items[0]["id"] if items else None
            offset = int(q.get("next_token", "0") or 0)
            page = items[offset:offset + maxr]
            users, media, refs = {}, {}, {}
            for t in page:
                users[t["author_id"]] = self.users[t["author_id"]]
                if t.get("in_reply_to_user_id") in self.users:
                    users[t["in_reply_to_user_id"]] = self.users[t["in_reply_to_user_id"]]
                for k in t.get("attachments", {}).get("media_keys", []):
                    if k in self.media:
                        media[k] = self.media[k]
                for r in t.get("referenced_tweets", []):
                    orig = next((o for o in self.posts if o["id"] == r["id"]), None)
                    if orig:
                        refs[orig["id"]] = orig
                        users[orig["author_id"]] = self.users[orig["author_id"]]
        remaining, reset = w.window("x", 450, 900)
        hdrs = {"x-rate-limit-limit": "450", "x-rate-limit-remaining": str(remaining),
                "x-rate-limit-reset": str(reset)}
        if not page:
            return h.send_body(200, {"meta": {"result_count": 0}}, headers=hdrs, fault=fault)
        body = {"data": page, "includes": {"users": list(users.values())},
                "meta": {"newest_id": page[0]["id"], "oldest_id": page[-1]["id"], "result_count": len(page)}}
        if offset == 0 and newest_id:
            body["meta"]["newest_id"] = newest_id
        if media:
            body["includes"]["media"] = list(media.values())
        if refs:
            body["includes"]["tweets"] = list(refs.values())
        if offset + maxr < len(items):
            body["meta"]["next_token"] = str(offset + maxr)
        h.send_body(200, body, headers=hdrs, fault=fault)

    def lookup(self, h, q, fault):
        """GET /2/tweets?ids=: what exists in data, what does not in errors (a 200, as X answers)."""
        w = self.world
        if not h.bearer() or (w.args.x_token and h.bearer() != w.args.x_token):
            return h.send_body(401, UNAUTHORIZED)
        ids = [i for i in q.get("ids", "").split(",") if i]
        if not ids or len(ids) > 100:
            return h.send_body(400, invalid_request("ids", q.get("ids", ""),
                                                    "The number of values in the `ids` query parameter list "
                                                    "[%d] is not between 1 and 100" % len(ids)))
        data, errors, users = [], [], {}
        with w.lock:
            for i in ids:
                t = self.find(i)
                if t is None:
                    errors.append({"value": i, "detail": "Could not find tweet with ids: [%s]." % i, "title": "Not Found Error",
                                   "resource_type": "tweet", "parameter": "ids", "resource_id": i,
                                   "type": "https://api.twitter.com/2/problems/resource-not-found"})
                else:
                    # As X does: public_metrics only when tweet.fields asks for them.
                    fields = q.get("tweet.fields", "").split(",")
                    data.append(t if "public_metrics" in fields else {k: v for k, v in t.items() if k != "public_metrics"})
                    users[t["author_id"]] = self.users[t["author_id"]]
        remaining, reset = w.window("x-lookup", 300, 900)
        hdrs = {"x-rate-limit-limit": "300", "x-rate-limit-remaining": str(remaining), "x-rate-limit-reset": str(reset)}
        body = {}
        if data:
            body["data"] = data
            body["includes"] = {"users": list(users.values())}
        if errors:
            body["errors"] = errors
        h.send_body(200, body, headers=hdrs, fault=fault)
