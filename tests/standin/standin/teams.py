"""Microsoft Teams (Microsoft Graph v1.0, under /graph/v1.0) as the stand-in plays it: channel
messages as chatMessage resources (HTML bodies, from.user, reactions, replyToId, deletedDateTime),
GET .../messages/delta (@odata.nextLink paging, @odata.deltaLink at the end of a round, $filter on
lastModifiedDateTime), .../messages/{id}, .../replies, hosted images (.../hostedContents/{id}/$value),
and the identity platform's client-credentials token endpoint (POST /{tenant}/oauth2/v2.0/token).
Errors: Graph's {"error": {"code", "message"}} with 401/404; the token endpoint's {"error",
"error_description"}."""
import html
import itertools
import time
import zlib
from datetime import datetime, timezone
from urllib.parse import parse_qs, quote, unquote

from .common import iso, png

PREFIX = "/graph/v1.0/teams/"


def ms_now():
    return int(time.time() * 1000)


def graph_error(code, message):
    return {"error": {"code": code, "message": message, "innerError": {"date": iso(datetime.now(timezone.utc))}}}


class Teams:
    """Messages per channel (top level and replies), and the tokens handed out."""

    def __init__(self, world):
        self.world = world
        self.messages = {}  # channel -> [message] (replies have replyToId)
        self.tokens = set()
        self.counter = itertools.count(1)
        self.last_id = 0

    # ---- the posts ------------------------------------------------------------------------------
    def new_id(self, at_ms):
        self.last_id = max(self.last_id + 1, at_ms)
        return str(self.last_id)

    def add_post(self, text, author, req):
        from .common import created_at
        channel = req.get("channel") or "19:standin@thread.tacv2"
        team = req.get("team") or "00000000-0000-0000-0000-00000000aaaa"
        created = created_at(req)
        mid = self.new_id(int(created.timestamp() * 1000))
        uid = "%08x-0000-4000-8000-%012x" % (zlib.crc32(author.encode()), zlib.crc32(author[::-1].encode()))
        content = "<p>%s</p>" % html.escape(text, quote=False)
        m = {"id": mid, "replyToId": None, "etag": mid, "messageType": "message",
             "createdDateTime": iso(created), "lastModifiedDateTime": iso(created), "lastEditedDateTime": None,
             "deletedDateTime": None, "subject": None, "summary": None, "chatId": None, "importance": "normal",
             "locale": "en-us", "webUrl": "https://teams.microsoft.com/l/message/%s/%s" % (quote(channel), mid),
             "channelIdentity": {"teamId": team, "channelId": channel}, "policyViolation": None,
             "eventDetail": None,
             "from": {"application": None, "device": None,
                      "user": {"@odata.type": "#microsoft.graph.teamworkUserIdentity", "id": uid,
                               "displayName": author, "userIdentityType": "aadUser"}},
             "body": {"contentType": "html", "content": content}, "attachments": [], "mentions": [], "reactions": [],
             "_modified_ms": ms_now(), "_team": team}
        if req.get("reply_to"):
            parent = self.find(channel, req["reply_to"])
            if parent is None:
                raise StopIteration
            m["replyToId"] = parent["id"]
        if req.get("image"):
            base = self.world.args.public_base
            url = "%s%s%s/channels/%s/messages/%s/hostedContents/aWQ9MQ/$value" % (base, PREFIX, team, quote(channel), mid)
            m["body"]["content"] += '<p><img src="%s" width="320" height="180" alt="image" itemid="aWQ9MQ"></p>' % url
        if req.get("bot"):
            m["from"] = {"application": {"id": "bot-app", "displayName": "Standup bot", "applicationIdentityType": "bot"},
                         "device": None, "user": None}
        self.messages.setdefault(channel, []).append(m)
        return {"id": mid, "native_id": "%s/%s" % (channel, mid if not m["replyToId"] else m["replyToId"] + "/" + mid)}

    def find(self, channel, mid):
        return next((m for m in self.messages.get(channel, []) if m["id"] == mid), None)

    def locate(self, pid):
        mid = pid.split("/")[-1]
        for ch, msgs in self.messages.items():
            for m in msgs:
                if m["id"] == mid:
                    return m
        raise StopIteration

    def touch(self, m):
        m["_modified_ms"] = ms_now()
        m["lastModifiedDateTime"] = iso(datetime.now(timezone.utc))

    def edit(self, pid, text):
        m = self.locate(pid)
        m["body"]["content"] = "<p>%s</p>" % html.escape(text, quote=False)
        m["lastEditedDateTime"] = iso(datetime.now(timezone.utc))
        self.touch(m)
        return {"id": pid}

    def set_counts(self, pid, likes, reposts, replies):
        m = self.locate(pid)
        m["reactions"] = [{"reactionType": "like", "displayName": "Like", "createdDateTime": m["createdDateTime"],
                           "user": {"user": {"id": "fan-%d" % i, "displayName": None}}} for i in range(likes)]
        self.touch(m)

    def delete(self, pid):
        m = self.locate(pid)
        m["deletedDateTime"] = iso(datetime.now(timezone.utc))
        m["body"] = {"contentType": "html", "content": ""}
        self.touch(m)

    # ---- the API --------------------------------------------------------------------------------
    @staticmethod
    def request_key(path):
        if not path.startswith(PREFIX):
            return None
        if path.endswith("/delta"):
            return "/graph/teams/messages/delta"
        if path.endswith("/replies"):
            return "/graph/teams/messages/replies"
        if "/hostedContents/" in path:
            return "/graph/teams/hostedContents"
        return "/graph/teams/messages/id"

    @staticmethod
    def public(m):
        return {k: v for k, v in m.items() if not k.startswith("_")}

    def post(self, h, path, fault):
        if not path.endswith("/oauth2/v2.0/token"):
            return False
        n = int(h.headers.get("Content-Length") or 0)
        form = {k: v[-1] for k, v in parse_qs((h.rfile.read(n) if n else b"").decode()).items()}
        args = self.world.args
        want_id = getattr(args, "teams_client_id", "") or "standin-client"
        want_secret = getattr(args, "teams_client_secret", "")
        if form.get("grant_type") != "client_credentials" or form.get("scope") != "https://graph.microsoft.com/.default":
            h.send_body(400, {"error": "invalid_request", "error_description": "AADSTS900144: The request body must contain "
                                                                                "grant_type and scope."}, fault=fault)
            return True
        if form.get("client_id") != want_id or not form.get("client_secret") or \
                (want_secret and form.get("client_secret") != want_secret):
            h.send_body(401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided.",
                              "error_codes": [7000215]}, fault=fault)
            return True
        token = "graph-token-%d" % next(self.counter)
        with self.world.lock:
            self.tokens.add(token)
        h.send_body(200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token}, fault=fault)
        return True

    def get(self, h, path, url, q, fault):
        if not path.startswith(PREFIX):
            return False
        token = h.bearer()
        with self.world.lock:
            ok = token in self.tokens
        if not ok:
            h.send_body(401, graph_error("InvalidAuthenticationToken", "Access token is empty." if not token else
                                         "Access token validation failure."), fault=fault)
            return True
        parts = path[len(PREFIX):].split("/")
        # TEAM / channels / CHANNEL / messages [/ ID [/ replies [/ RID]] | / delta | / ID / hostedContents / HID / $value]
        if len(parts) < 4 or parts[1] != "channels" or parts[3] != "messages":
            h.send_body(400, graph_error("BadRequest", "Unsupported request."), fault=fault)
            return True
        channel = parts[2]
        channel = unquote(channel)
        rest = parts[4:]
        with self.world.lock:
            msgs = self.messages.get(channel)
            if msgs is None:
                h.send_body(404, graph_error("NotFound", "Channel not found."), fault=fault)
                return True
            if rest == ["delta"]:
                return self.delta(h, path, url, q, msgs, fault)
            if len(rest) == 1:
                return self.one(h, self.find(channel, rest[0]), fault)
            if len(rest) == 2 and rest[1] == "replies":
                items = [self.public(m) for m in msgs if m["replyToId"] == rest[0]]
                h.send_body(200, {"@odata.context": "stand-in", "@odata.count": len(items), "value": items}, fault=fault)
                return True
            if len(rest) == 3 and rest[1] == "replies":
                r = self.find(channel, rest[2])
                return self.one(h, r if r and r["replyToId"] == rest[0] else None, fault)
            if len(rest) == 4 and rest[1] == "hostedContents" and rest[3] == "$value":
                h.send_body(200, png(320, 180, 2000 + int(rest[0]) % 1000), ctype="image/png")
                return True
        h.send_body(400, graph_error("BadRequest", "Unsupported request."), fault=fault)
        return True

    def one(self, h, m, fault):
        if m is None:
            h.send_body(404, graph_error("NotFound", "Message not found."), fault=fault)
        else:
            h.send_body(200, self.public(m), fault=fault)
        return True

    def delta(self, h, path, url, q, msgs, fault):
        base = self.world.args.public_base + path
        top = max(1, min(50, int(q.get("$top") or 50)))
        if "$deltatoken" in q:
            since = int(q["$deltatoken"])
            items = [m for m in msgs if m["replyToId"] is None and m["_modified_ms"] >= since]
        else:
            items = [m for m in msgs if m["replyToId"] is None and m["deletedDateTime"] is None]
            flt = q.get("$filter", "")
            if flt.startswith("lastModifiedDateTime gt "):
                since = datetime.fromisoformat(flt[len("lastModifiedDateTime gt "):].replace("Z", "+00:00"))
                items = [m for m in items if datetime.fromisoformat(m["lastModifiedDateTime"].replace("Z", "+00:00")) > since]
        skip = int(q.get("$skiptoken") or 0)
        page = items[skip:skip + top]
        body = {"@odata.context": "stand-in", "value": [self.public(m) for m in page]}
        if skip + top < len(items):
            rest = "$skiptoken=%d&$top=%d" % (skip + top, top)
            if "$deltatoken" in q:
                rest += "&$deltatoken=%s" % q["$deltatoken"]
            body["@odata.nextLink"] = base + "?" + rest
        else:
            body["@odata.deltaLink"] = base + "?$deltatoken=%d" % ms_now()
        h.send_body(200, body, fault=fault)
        return True
