"""A local stand-in for Mastodon, Bluesky and X, speaking their real API formats on 127.0.0.1.

Used by the connector tests and by scripts/demo (--demo keeps producing learning-tip posts), so that
nothing ever talks to the real networks. Python 3 standard library only. Start it with
tests/standin/run (or PYTHONPATH=tests/standin python3 -m standin); scripts/standin is a launcher.

One base URL serves all three networks (their paths do not collide):
  Mastodon  GET  /api/v1/timelines/tag/:tag   (max_id, since_id, min_id, limit; Link header; X-RateLimit-*)
            GET  /api/v1/streaming/hashtag?tag=  (server-sent events; needs a bearer token)
            GET  /api/v1/statuses/:id  (404 once deleted)   GET /api/v1/statuses?id[]=..&id[]=..  (4.3+: up to
                 20; deleted ones left out; --mastodon-version 4.2 answers 404, as a server without the route)
  Bluesky   POST /xrpc/com.atproto.server.createSession, POST /pds/xrpc/com.atproto.server.refreshSession
            GET  /pds/xrpc/app.bsky.feed.searchPosts  (q, sort=latest, since, limit, cursor; RateLimit-*)
            GET  /pds/xrpc/app.bsky.feed.getPosts?uris=..&uris=..  (up to 25; deleted posts are left out)
            (the session's DID document names BASE/pds as the PDS, as a real one would)
  X         GET  /2/tweets/search/recent  (query, since_id, start_time, max_results, next_token; x-rate-limit-*)
            GET  /2/tweets?ids=a,b  (lookup: deleted tweets come back in "errors" as resource-not-found)
  Slack     GET  /api/conversations.history  (channel, oldest, latest, inclusive, limit, cursor; newest first)
            GET  /api/conversations.replies  (channel, ts: the parent first, then replies)   GET /api/users.info?user=
            (errors: HTTP 200 {"ok": false, "error": code}; over Tier 3/4: 429 + Retry-After; --slack-token)
            GET  /slack-files/N.png  (a message file's url_private: needs the bearer token)
  Teams     POST /{tenant}/oauth2/v2.0/token  (client credentials; --teams-client-id, --teams-client-secret)
            GET  /graph/v1.0/teams/T/channels/C/messages/delta  ($filter=lastModifiedDateTime gt ..., $top;
                 @odata.nextLink, then @odata.deltaLink; deleted messages carry deletedDateTime)
            GET  .../messages/ID, .../messages/ID/replies[/RID], .../messages/ID/hostedContents/H/$value (bearer only)
  Images    GET  /media/N.png  (small generated PNGs)
Hostile answers (for the fetch-policy tests; never used by the demo):
            GET  /hostile/redirect?to=URL   302 to URL        GET /hostile/bomb?mb=N  gzip that expands to N MiB
            GET  /hostile/endless           a body that never ends (until the client hangs up, or 10 minutes)
Control (for tests and demos), JSON in and out:
  POST /control/post    {"network": "mastodon|bluesky|x|slack|teams", "channel": "C0STANDIN1" (slack), "text": "...", "author": "name", "tags": [..],
                         "reply_to": id, "image": true, "retweet_of": id, "boost_of": id, "opted_out": true,
                         "quote_of": id (Mastodon, Bluesky: a quote-post)}
  POST /control/edit    {"network", "id", "text"}      POST /control/delete {"network", "id"}
  POST /control/counts  {"network", "id", "likes", "reposts", "replies"}  (counts change, the post does not)
  POST /control/fault   {"path": "/api/v1/timelines", "kind": "429|429-bare|ok-false|500|503|slow|trickle|truncate|malformed|html|reset|bomb|endless",
                         "count": 1, "delay": 3, "retry_after": 2}
  POST /control/expire-bluesky-tokens                  GET /control/stats
  POST /control/opt-out {"handle": "x.bsky.social"}    (the Bluesky author turns on !no-unauthenticated)
Faults can also be given at start: --fault KIND:PATH_PREFIX[:COUNT].

The package: server (HTTP plumbing, routing, control, command line), world (what the three networks
share: the lock, counters, rate-limit windows, media), mastodon, bluesky, x (one module per network,
its posts and its routes), faults (the fault modes and hostile answers), demo_feed (--demo's posts).
"""
