#!/usr/bin/env bash
# Many screens on nginx: the hub's publish/ folder served by Debian's nginx on loopback, several kiosk
# processes polling it. Checks that every kiosk picks up a change, keeps its last good wall while
# nginx is down, recovers when it returns, and that each poll names its screen in nginx's log.
# Usage (ctest runs it under Xvfb): nginx_kiosks.sh ADMIN_BIN KIOSK_BIN
set -euo pipefail
ADMIN=$1
KIOSK=$2
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
  echo "nginx_kiosks: nginx is not installed (scripts/bootstrap installs it)" >&2
  exit 1
fi
if [ -z "${DISPLAY:-}" ]; then
  echo "nginx_kiosks: needs a display (ctest runs under xvfb-run in scripts/test)" >&2
  exit 1
fi

T=$(mktemp -d "${LEARNWALL_TEST_SCRATCH:-/tmp}/nginx-kiosks.XXXXXX")
chmod 755 "$T"
PIDS=()
NGINX_CONF="$T/nginx.conf"
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "nginx_kiosks: FAIL: $*" >&2; for f in "$T"/status-*.json; do echo "$f: $(cat "$f" 2>/dev/null)" >&2; done; exit 1; }

DATA="$T/event"
"$ADMIN" init --data "$DATA" --name "Deploy test week" --start 2027-05-17 --end 2027-05-23 \
  --timezone Europe/London --tag NLAWWeek --moderation post --by test >/dev/null
# Who may read what (docs/deploy.md): the folder lets its group (nginx) pass but not list, the private
# files are the owner's alone, publish/ is group-readable.
mode() { stat -c '%a' "$1"; }
[ "$(mode "$DATA")" = 710 ] || fail "the data directory is $(mode "$DATA"), not 710"
for f in event.json roster.json journal.jsonl; do
  [ "$(mode "$DATA/$f")" = 600 ] || fail "$f is $(mode "$DATA/$f"), not 600"
done
[ "$(mode "$DATA/publish")" = 750 ] || fail "publish/ is $(mode "$DATA/publish"), not 750"
chmod 755 "$DATA" "$DATA/publish"   # this test's nginx may run as another user than its owner
"$ADMIN" post add --data "$DATA" --author "Ana Lima" --text "First tip #NLAWWeek" --by test >/dev/null
"$ADMIN" publish --data "$DATA" >/dev/null
chmod 644 "$DATA/publish/wall.json"

# A free loopback port.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TIPS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root root;"
# The site is the packaged one (packaging/nginx/learnwall.conf), with the port, root and log moved here.
SITE=$(dirname "$0")/../../packaging/nginx/learnwall.conf
sed -e "s|listen 80;|listen 127.0.0.1:$PORT;|" \
    -e "s|root /var/lib/learnwall/event/publish;|root $DATA/publish;|" \
    -e "s|/var/log/nginx/learnwall-access.log|$T/access.log|" \
    -e "s|http://127.0.0.1:8090/|http://127.0.0.1:$TIPS_PORT/|" "$SITE" > "$T/site.conf"
cat > "$NGINX_CONF" <<CONF
$USER_LINE
daemon off;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  client_body_temp_path $T/tmp-body;
  proxy_temp_path $T/tmp-proxy;
  fastcgi_temp_path $T/tmp-fastcgi;
  uwsgi_temp_path $T/tmp-uwsgi;
  scgi_temp_path $T/tmp-scgi;
  access_log off;
  include $T/site.conf;
}
CONF
start_nginx() {
  "$NGINX" -p "$T" -c "$NGINX_CONF" &
  NGINX_PID=$!
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$PORT/wall.json" -o /dev/null 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$T/error.log" >&2
  fail "nginx did not start on port $PORT"
}
stop_nginx() { kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true; }
start_nginx

# The data directory itself is never served: only publish/.
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/../journal.jsonl")
[ "$code" != 200 ] || fail "the journal is reachable over HTTP"

# Nothing but published files: a symbolic link planted in publish/ (to the roster, or to /etc) and a
# dotfile are refused (nginx: disable_symlinks, dotfiles denied), whatever the file system allows.
ln -s ../roster.json "$DATA/publish/roster-link.json"
ln -s /etc/passwd "$DATA/publish/passwd.txt"
mkdir -p "$DATA/publish/media" && ln -s ../../journal.jsonl "$DATA/publish/media/journal.png"
echo "not for screens" > "$DATA/publish/.hidden"
mkdir -p "$DATA/publish/.git" && echo "[core]" > "$DATA/publish/.git/config"
for path in roster-link.json passwd.txt media/journal.png .hidden .git/config; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/$path")
  case "$code" in 403|404) ;; *) fail "nginx served /$path (HTTP $code): symlinks and dotfiles must be refused" ;; esac
done
rm -rf "$DATA/publish/roster-link.json" "$DATA/publish/passwd.txt" "$DATA/publish/media/journal.png" \
  "$DATA/publish/.hidden" "$DATA/publish/.git"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/wall.json")
[ "$code" = 200 ] || fail "wall.json itself is not served (HTTP $code)"

rev() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("revision",0))' "$1" 2>/dev/null || echo 0; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2],""))' "$1" "$2" 2>/dev/null || echo ""; }
wait_all() {  # wait_all SECONDS CONDITION_FN
  local deadline=$(( $(date +%s) + $1 )); shift
  while [ "$(date +%s)" -le "$deadline" ]; do
    local ok=1
    for i in 1 2 3; do "$@" "$T/status-$i.json" || { ok=0; break; }; done
    [ "$ok" = 1 ] && return 0
    sleep 0.2
  done
  return 1
}

SCREENS=3
for i in $(seq $SCREENS); do
  # --scene wall: the posts are on screen from the start, so each kiosk's proof of display has something to send.
  "$KIOSK" --source "http://127.0.0.1:$PORT/wall.json" --windowed --size 640x360 --no-cache --scene wall \
    --screen-id "screen-$i" --status-file "$T/status-$i.json" 2>"$T/kiosk-$i.log" &
  PIDS+=($!)
done

R1=$(rev "$DATA/publish/wall.json")
at_least() { [ "$(rev "$1")" -ge "$WANT" ]; }
WANT=$R1
wait_all 15 at_least || fail "not every kiosk showed revision $R1"

# A change on the hub reaches every screen.
"$ADMIN" post add --data "$DATA" --author "Grace Adeyemi" --text "Second tip #NLAWWeek" --by test >/dev/null
"$ADMIN" publish --data "$DATA" >/dev/null
chmod 644 "$DATA/publish/wall.json"
WANT=$(rev "$DATA/publish/wall.json")
[ "$WANT" -gt "$R1" ] || fail "publishing did not bump the revision"
t0=$(date +%s%N)
wait_all 10 at_least || fail "not every kiosk picked up revision $WANT"
echo "nginx_kiosks: $SCREENS kiosks picked up the change in $(( ($(date +%s%N) - t0) / 1000000 )) ms"

# nginx stops: every kiosk keeps its wall (same revision, still running), and says the source fails.
stop_nginx
sleep 3
for i in $(seq $SCREENS); do
  kill -0 "${PIDS[$((i-1))]}" 2>/dev/null || fail "kiosk $i exited while nginx was down"
  [ "$(rev "$T/status-$i.json")" -ge "$WANT" ] || fail "kiosk $i lost its wall while nginx was down"
done
has_error() { [ -n "$(field "$1" error)" ]; }
wait_all 10 has_error || fail "a kiosk did not notice that nginx was down"

# nginx returns with a newer wall: every kiosk recovers.
"$ADMIN" post add --data "$DATA" --author "Mei Chen" --text "Third tip #NLAWWeek" --by test >/dev/null
"$ADMIN" publish --data "$DATA" >/dev/null
chmod 644 "$DATA/publish/wall.json"
WANT=$(rev "$DATA/publish/wall.json")
start_nginx
wait_all 20 at_least || fail "not every kiosk recovered after nginx returned"

# Every screen named itself in the access log; conditional requests were answered 304.
for i in $(seq $SCREENS); do
  grep -q "\"screen-$i\"" "$T/access.log" || fail "screen-$i never appears in nginx's access log"
done
grep -q '" 304 "GET /wall.json' "$T/access.log" || fail "no conditional request was answered 304"
# The admin's view of the screens, from the same log.
"$ADMIN" screens --access-log "$T/access.log" > "$T/screens.txt" || fail "screens command failed"
for i in $(seq $SCREENS); do grep -q "screen-$i" "$T/screens.txt" || fail "screens does not list screen-$i"; done
# Proof of display (docs/proof-of-display.md): the packaged log format keeps each kiosk's X-Learnwall-Shown
# record, and `shown` counts the approved posts the screens drew.
# A post counts once it has been on screen a second and a poll has carried it; on a loaded machine (CI
# builds beside the test) that can take several polls after nginx returned, so look for up to 15 s.
shown_ok() {
  "$ADMIN" shown --data "$DATA" --access-log "$T/access.log" --json > "$T/shown.json" 2>"$T/shown.err" || fail "shown command failed: $(cat "$T/shown.err")"
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if j["shown"] >= 1 and j["refused_records"] == 0 else 1)' "$T/shown.json"
}
deadline=$(( $(date +%s) + 15 ))
until shown_ok; do
  [ "$(date +%s)" -le "$deadline" ] || fail "no kiosk's record of what it drew reached nginx's log: $(cat "$T/shown.json")"
  sleep 0.5
done
# Images: a post's picture lives on an outside server. The ingest daemon mirrors it into
# publish/media, wall.json names it relative to itself, and a kiosk behind nginx fetches it from
# nginx (the access log shows the GET of /media/...), never from the outside server.
UP="$T/upstream"
mkdir -p "$UP"
python3 - "$UP/photo.png" <<'PY'
import struct, sys, zlib
w, h = 480, 270
rows = b"".join(b"\0" + bytes((200, 40 + y // 3, 60)) * w for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
printf '<!DOCTYPE html><html><body>Sign in to see this picture</body></html>' > "$UP/login.png"
UP_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$UP" "$UP_PORT" 2>"$T/upstream.log" >/dev/null &
PIDS+=($!)
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$UP_PORT/photo.png" -o /dev/null 2>/dev/null && break; sleep 0.1; done
PHOTO="http://127.0.0.1:$UP_PORT/photo.png"
NOOR=$("$ADMIN" post add --data "$DATA" --author "Noor Haddad" --text "Whiteboard from today's session #NLAWWeek" \
  --image "$PHOTO" --by test | tail -n 1)
# Pinned, so it is on every page of the paging wall (docs/screen-time.md) whatever the clock says.
"$ADMIN" moderate --data "$DATA" approve "$NOOR" >/dev/null
"$ADMIN" moderate --data "$DATA" pin "$NOOR" >/dev/null
"$ADMIN" post add --data "$DATA" --author "Sam Okoro" --text "This one needs a login #NLAWWeek" \
  --image "http://127.0.0.1:$UP_PORT/login.png" --by test >/dev/null
chmod 644 "$DATA/publish/wall.json"
# The outside image server of this test is on loopback: the organiser allows it explicitly.
"$ADMIN" ingest --data "$DATA" --allow-media-host 127.0.0.1 2>"$T/ingest.log" &
PIDS+=($!)
t_mirror=$(date +%s%N)
MEDIA=""
for _ in $(seq 100); do
  MEDIA=$(python3 -c 'import json,sys
for p in json.load(open(sys.argv[1])).get("posts", []):
    for u in p.get("image_urls", []):
        if u.startswith("media/"): print(u)' "$DATA/publish/wall.json" 2>/dev/null || true)
  [ -n "$MEDIA" ] && break
  sleep 0.2
done
[ -n "$MEDIA" ] || { cat "$T/ingest.log" >&2; fail "the ingest daemon did not mirror the post's image into publish/media"; }
echo "nginx_kiosks: wall.json named the mirrored image $(( ($(date +%s%N) - t_mirror) / 1000000 )) ms after the ingest daemon started"
[ -f "$DATA/publish/$MEDIA" ] || fail "wall.json names $MEDIA but publish/$MEDIA is missing"
cmp -s "$DATA/publish/$MEDIA" "$UP/photo.png" || fail "the mirrored file differs from the original"
grep -q "http://127.0.0.1:$UP_PORT/login.png" "$DATA/publish/wall.json" || fail "a refused image lost its original URL"
grep -q "login.png: not an image" "$T/ingest.log" || { cat "$T/ingest.log" >&2; fail "the HTML answer was not reported with its URL and reason"; }
ctype=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "http://127.0.0.1:$PORT/$MEDIA")
[ "$ctype" = "200 image/png" ] || fail "nginx serves $MEDIA as '$ctype'"
SHOT="$T/kiosk-media.png"
"$KIOSK" --source "http://127.0.0.1:$PORT/wall.json" --scene wall --size 1280x720 --no-cache \
  --screenshot "$SHOT" --layout-json "$T/kiosk-media.json" 2>"$T/kiosk-media.log" || fail "the screenshot kiosk failed"
python3 - "$T/kiosk-media.json" "http://127.0.0.1:$PORT/$MEDIA" <<'PY' || fail "the kiosk did not draw the mirrored image"
import json, sys
items = json.load(open(sys.argv[1]))["items"]
sys.exit(0 if any(i.get("kind") == "post_image" and i.get("id") == sys.argv[2] for i in items) else 1)
PY
grep -q "\" 200 \"GET /$MEDIA " "$T/access.log" || fail "nginx's access log shows no GET of /$MEDIA"
ups=$(grep -c 'GET /photo.png' "$T/upstream.log" || true)
[ -n "${LEARNWALL_NGINX_SHOTS:-}" ] && cp "$SHOT" "$LEARNWALL_NGINX_SHOTS/kiosk-media.png"
echo "nginx_kiosks: image mirrored to $MEDIA, served by nginx, drawn by the kiosk (outside server asked $ups times, one of them the test's own check)"

# The share-a-tip page through nginx (docs/tips.md): the hub's `tips serve` behind the packaged
# location /tips/, which trusts only nginx's identity header and clears the one a phone sends.
TIPS_CODE=$("$ADMIN" tips code --data "$DATA")
"$ADMIN" tips serve --data "$DATA" --listen "127.0.0.1:$TIPS_PORT" --trusted-proxy 127.0.0.1 \
  >"$T/tips.out" 2>"$T/tips.log" &
TIPS_PID=$!
PIDS+=("$TIPS_PID")
for _ in $(seq 100); do grep -q listening "$T/tips.out" 2>/dev/null && break; sleep 0.1; done
page=$(curl -s -w '%{http_code}' -o "$T/tips-page.html" "http://127.0.0.1:$PORT/tips/")
[ "$page" = 200 ] && grep -q 'name="text"' "$T/tips-page.html" || fail "GET /tips/ through nginx gave $page"
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' --data-urlencode "author=Kim Tan" \
  --data-urlencode "text=Tip: through nginx" --data-urlencode "code=$TIPS_CODE" "http://127.0.0.1:$PORT/tips/tips")
[ "$code" = "303 http://127.0.0.1:$PORT/tips/thanks" ] || { cat "$T/tips.log" >&2; fail "POST /tips/tips through nginx gave '$code'"; }
# This event is post-moderated, so an undecided tip is not "pending": it is on the wall at once.
"$ADMIN" publish --data "$DATA" >/dev/null
wall=$(curl -s "http://127.0.0.1:$PORT/wall.json")
grep -q '"author_name": "Kim Tan"' <<<"$wall" && grep -q '"source": "form"' <<<"$wall" ||
  fail "the tip posted through nginx is not on the published wall"
forged=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Remote-User: boss@corp.example" \
  --data-urlencode "text=Tip: forged" "http://127.0.0.1:$PORT/tips/tips")
[ "$forged" = 403 ] || fail "an X-Remote-User header sent by the phone was believed through nginx ($forged)"
kill "$TIPS_PID"; wait "$TIPS_PID" || fail "tips serve did not stop cleanly on SIGTERM"
echo "nginx_kiosks: a tip posted through nginx is stored and published (post-moderation); a forged identity header is refused"
echo "nginx_kiosks: ok ($SCREENS screens, change, outage, recovery, mirrored images)"
