"""Bluesky as the stand-in plays it: app-password sessions (createSession at the entry host, refresh
and every read at the PDS the DID document names, BASE/pds), expiring access tokens, post views with
facets, embeds and author labels, searchPosts (since, cursor) and getPosts, with RateLimit-* headers."""
import json
import random
import re
import time
import zlib
from urllib.parse import parse_qs

from .common import created_at, iso, now, parse_iso, shift_time

RATE_LIMIT = 3000  # requests per 5-minute window, as the AppView announces (RateLimit-Policy)


class Bluesky:
    """The post views (oldest first) and the sessions handed out."""

    def __init__(self, world):
        self.world = world
        self.posts = []  # post views, oldest first
        self.tokens = {}  # access token -> expiry
        self.refresh_tokens = set()
        self.next_rkey = 0

    # ---- the posts ------------------------------------------------------------------------------
    def load_fixture(self, path):
        b = json.loads(path.read_text())
        self.posts = sorted(b["posts"], key=lambda p: p["indexedAt"])

    def timestamps(self):
        return [p["indexedAt"] for p in self.posts]

    def shift_times(self, delta):
        for p in self.posts:
            shift_time(p, "indexedAt", delta)
            shift_time(p["record"], "createdAt", delta)

    def add_post(self, text, author, req):
        self.next_rkey += 1
        handle = (req.get("handle") or "").lstrip("@") or re.sub(r"[^a-z0-9]", "", author.lower()) + ".bsky.social"
        did = "did:plc:" + ("%024x" % zlib.crc32(handle.encode()))[:24]
        rkey = "3standin%06d" % self.next_rkey
        uri = "at://%s/app.bsky.feed.post/%s" % (did, rkey)
        facets = []
        raw = text.encode()
        for m in re.finditer(rb"#(\w+)", raw):
            facets.append({"index": {"byteStart": m.start(), "byteEnd": m.end()},
                           "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": m.group(1).decode()}]})
        at = created_at(req)
        record = {"$type": "app.bsky.feed.post", "createdAt": iso(at), "langs": ["en"], "text": text, "facets": facets}
        if req.get("reply_to"):
            parent = next((p for p in self.posts if p["uri"] == req["reply_to"]), None)
            if parent:
                ref = {"uri": parent["uri"], "cid": parent["cid"]}
                record["reply"] = {"root": ref, "parent": ref}
        labels = [opt_out_label(did)] if req.get("opted_out") else []
        post = {"uri": uri, "cid": "bafy" + rkey,
                "author": {"did": did, "handle": handle, "displayName": author, "labels": labels,
                           "avatar": self.world.avatar_url(handle)},
                "record": record, "replyCount": 0, "repostCount": 0, "likeCount": random.randint(0, 15), "quoteCount": 0,
                "indexedAt": iso(at), "labels": []}
        if req.get("image"):
            url = self.world.media_url()
            post["embed"] = {"$type": "app.bsky.embed.images#view",
                             "images": [{"thumb": url, "fullsize": url, "alt": "a picture"}]}
        quoted = next((p for p in self.posts if p["uri"] == req.get("quote_of")), None) if req.get("quote_of") else None
        if quoted:
            # A quote-post: the record embeds a strong ref; the view carries the quoted post and its author (issue 14).
            record["embed"] = {"$type": "app.bsky.embed.record", "record": {"uri": quoted["uri"], "cid": quoted["cid"]}}
            post["embed"] = {"$type": "app.bsky.embed.record#view",
                             "record": {"$type": "app.bsky.embed.record#viewRecord", "uri": quoted["uri"], "cid": quoted["cid"],
                                        "author": quoted["author"], "value": quoted["record"],
                                        "indexedAt": quoted["indexedAt"]}}
        self.posts.append(post)
        return {"id": uri, "native_id": uri}

    def set_counts(self, pid, likes, reposts, replies):
        p = next(p for p in self.posts if p["uri"] == pid)
        p.update(likeCount=likes, repostCount=reposts, replyCount=replies)

    def delete(self, pid):
        self.posts = [p for p in self.posts if p["uri"] != pid]

    def opt_out(self, handle):
        """An author turns on "discourage apps from showing my account to logged-out users": their
        posts carry the !no-unauthenticated label from now on. Returns how many posts they have."""
        hit = 0
        for p in self.posts:
            if p["author"]["handle"] == handle:
                p["author"]["labels"] = [opt_out_label(p["author"]["did"])]
                hit += 1
        return hit

    def expire_tokens(self):
        for k in self.tokens:
            self.tokens[k] = 0

    # ---- the API --------------------------------------------------------------------------------
    @staticmethod
    def request_key(path):
        return None  # counted by path

    def get(self, h, path, url, q, fault):
        if path == "/pds/xrpc/app.bsky.feed.searchPosts":
            self.search(h, q, fault)
        elif path == "/pds/xrpc/app.bsky.feed.getPosts":
            self.get_posts(h, url.query, fault)
        else:
            return False
        return True

    def post(self, h, path, fault):
        if path == "/xrpc/com.atproto.server.createSession":
            self.create_session(h, fault)
        elif path == "/pds/xrpc/com.atproto.server.refreshSession":
            self.refresh_session(h, fault)
        else:
            return False
        return True

    def rate_headers(self):
        remaining, reset = self.world.window("bluesky", RATE_LIMIT, 300)
        return {"RateLimit-Limit": str(RATE_LIMIT), "RateLimit-Remaining": str(remaining),
                "RateLimit-Reset": str(reset), "RateLimit-Policy": "%d;w=300" % RATE_LIMIT}

    def check_session(self, h):
        """True when the bearer token is a live session; else the answer has been sent (401 unknown,
        400 ExpiredToken, as the PDS answers) and the caller stops."""
        with self.world.lock:
            exp = self.tokens.get(h.bearer())
        if exp is None:
            h.send_body(401, {"error": "AuthenticationRequired", "message": "Authentication Required"})
            return False
        if exp < time.time():
            h.send_body(400, {"error": "ExpiredToken", "message": "Token has expired"})
            return False
        return True

    def get_posts(self, h, query, fault):
        uris = parse_qs(query).get("uris", [])
        if not self.check_session(h):
            return
        if len(uris) > 25:
            return h.send_body(400, {"error": "InvalidRequest", "message": "Error: uris must not have more than 25 elements"})
        with self.world.lock:
            by_uri = {p["uri"]: p for p in self.posts}
            posts = [by_uri[u] for u in uris if u in by_uri]
        h.send_body(200, {"posts": posts}, headers=self.rate_headers(), fault=fault)

    def new_session(self):
        w = self.world
        access = "eyJhY2Nlc3Mi.%016x" % random.getrandbits(64)
        refresh = "eyJyZWZyZXNoIi.%016x" % random.getrandbits(64)
        with w.lock:
            self.tokens[access] = time.time() + w.args.bsky_token_ttl
            self.refresh_tokens.add(refresh)
        did = "did:plc:standin0000000000000000"
        return {"did": did, "handle": w.args.bsky_handle, "email": "wall@example.org", "emailConfirmed": True,
                "accessJwt": access, "refreshJwt": refresh, "active": True,
                "didDoc": {"@context": ["https://www.w3.org/ns/did/v1"], "id": did,
                           "alsoKnownAs": ["at://" + w.args.bsky_handle],
                           "service": [{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer",
                                        "serviceEndpoint": w.args.public_base + "/pds"}]}}

    def create_session(self, h, fault):
        w = self.world
        req = h.read_json()
        with w.lock:
            w.auth_seen.append(req.get("password", ""))
        if req.get("identifier") != w.args.bsky_handle or req.get("password") != w.args.bsky_password:
            return h.send_body(401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
        h.send_body(200, self.new_session(), fault=fault)

    def refresh_session(self, h, fault):
        tok = h.bearer()
        with self.world.lock:
            ok = tok in self.refresh_tokens
            self.refresh_tokens.discard(tok)
        if not ok:
            return h.send_body(400, {"error": "ExpiredToken", "message": "Token has expired"})
        h.send_body(200, self.new_session(), fault=fault)

    def search(self, h, q, fault):
        if not self.check_session(h):
            return
        term = q.get("q", "").strip()
        if not term:
            return h.send_body(400, {"error": "InvalidRequest", "message": 'Error: Params must have the property "q"'})
        limit = max(1, min(100, int(q.get("limit", 25))))
        with self.world.lock:
            want = term.lstrip("#").lower()

            def matches(p):
                tags = [f2["tag"].lower() for f in p["record"].get("facets", []) for f2 in f["features"]
                        if f2["$type"] == "app.bsky.richtext.facet#tag"]
                return want in tags or want in [t.lower() for t in p["record"].get("tags", [])]
            items = [p for p in self.posts if matches(p)]
            if "since" in q:
                since = parse_iso(q["since"])
                items = [p for p in items if parse_iso(p["indexedAt"]) >= since]
            items.reverse()
            offset = int(q.get("cursor", "0") or 0)
            page = items[offset:offset + limit]
        hdrs = self.rate_headers()
        body = {"posts": page, "hitsTotal": len(items)}
        if offset + limit < len(items):
            body["cursor"] = str(offset + limit)
        h.send_body(200, body, headers=hdrs, fault=fault)


def opt_out_label(did):
    """The self-label an author's profile carries once they opt out of logged-out apps."""
    return {"src": did, "uri": "at://%s/app.bsky.actor.profile/self" % did, "val": "!no-unauthenticated", "cts": iso(now())}
