#!/usr/bin/env python3
"""[Tips] issue 13 item 1 in a real browser: headless Chromium, driven over its DevTools pipe (no
extra packages, no display), opens the share-a-tip page at 390x844, checks that it fits the phone's
width with a label for every field, fills and submits it as a person would (clicking the button),
lands on the thank-you page, and the tip is pending in the queue. Screenshots of the form and of the
thank-you page are written to OUT_DIR for a person to look at.
Usage: tips_chromium.py ADMIN_BIN OUT_DIR"""
import base64
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

admin, out_dir = sys.argv[1], sys.argv[2]
chromium = shutil.which("chromium")
if not chromium:
    print("tips_chromium: SKIPPED: chromium is not installed (scripts/bootstrap installs it)")
    sys.exit(0)
os.makedirs(out_dir, exist_ok=True)
tmp = tempfile.mkdtemp(prefix="lw-tips-chromium-")
data = os.path.join(tmp, "ev")
procs = []


def fail(msg):
    print("tips_chromium: FAIL: " + msg, file=sys.stderr)
    for p in procs:
        p.kill()
    sys.exit(1)


def run(*args):
    r = subprocess.run([admin, *args], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"{' '.join(args)}: {r.stderr}")
    return r.stdout


run("init", "--data", data, "--name", "Learning at Work Week", "--start", "2026-05-18", "--end", "2026-05-24",
    "--timezone", "Europe/London", "--tag", "NLAWWeek")
code = run("tips", "code", "--data", data).strip()
server = subprocess.Popen([admin, "tips", "serve", "--data", data, "--listen", "127.0.0.1:0"],
                          stdout=subprocess.PIPE, stderr=open(os.path.join(tmp, "serve.log"), "w"), text=True)
procs.append(server)
m = re.search(r"http://127\.0\.0\.1:(\d+)/", server.stdout.readline())
if not m:
    fail("tips serve did not say where it listens")
base = f"http://127.0.0.1:{m.group(1)}/"

# DevTools over a pipe: Chromium reads commands from fd 3 and writes answers to fd 4, NUL-terminated.
to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()


# Moved above the low numbers first, so the two dup2 calls cannot overwrite each other; subprocess
# closes every fd not in pass_fds after preexec_fn, so 3 and 4 are listed there.
high_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 100)
high_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 100)


def child_fds():
    os.dup2(high_r, 3)
    os.dup2(high_w, 4)


browser = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--hide-scrollbars", f"--user-data-dir={tmp}/profile", "--remote-debugging-pipe",
                            "--window-size=390,844", "about:blank"],
                           pass_fds=(3, 4), preexec_fn=child_fds,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
procs.append(browser)
for fd in (to_chrome_r, from_chrome_w, high_r, high_w):
    os.close(fd)
buf = b""
next_id = 0


def cdp(method, params=None, session=None, timeout=30):
    global buf, next_id
    next_id += 1
    msg = {"id": next_id, "method": method, "params": params or {}}
    if session:
        msg["sessionId"] = session
    os.write(to_chrome_w, json.dumps(msg).encode() + b"\0")
    deadline = time.time() + timeout
    while time.time() < deadline:
        while b"\0" in buf:
            raw, buf = buf.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == next_id:
                if "error" in answer:
                    fail(f"{method}: {answer['error']}")
                return answer.get("result", {})
        chunk = os.read(from_chrome_r, 1 << 20)
        if not chunk:
            fail("Chromium closed its DevTools pipe")
        buf += chunk
    fail(f"{method}: no answer within {timeout} s")


def js(expr, session):
    r = cdp("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True}, session)
    return r.get("result", {}).get("value")


def wait_for(expr, session, what, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if js(expr, session):
            return
        time.sleep(0.1)
    fail(f"{what} (after {seconds} s)")


def screenshot(session, name):
    png = base64.b64decode(cdp("Page.captureScreenshot", {"format": "png"}, session)["data"])
    path = os.path.join(out_dir, name)
    with open(path, "wb") as f:
        f.write(png)
    return path


target = cdp("Target.createTarget", {"url": "about:blank"})["targetId"]
session = cdp("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
cdp("Page.enable", session=session)
cdp("Emulation.setDeviceMetricsOverride",
    {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}, session)
cdp("Page.navigate", {"url": base}, session)
wait_for("document.readyState === 'complete' && !!document.querySelector('form')", session, "the form did not load")

# Readable on a phone: nothing wider than the screen, body text at least 16 px, a label per field.
width = js("document.documentElement.scrollWidth", session)
if width > 390:
    fail(f"the page is {width} px wide on a 390 px screen (sideways scrolling)")
size = js("parseFloat(getComputedStyle(document.body).fontSize)", session)
if size < 16:
    fail(f"body text is {size} px")
unlabelled = js("[...document.querySelectorAll('input,textarea,select')].filter(e => !e.labels || e.labels.length === 0)"
                ".map(e => e.name)", session)
if unlabelled:
    fail(f"fields without a label: {unlabelled}")
shot_form = screenshot(session, "tips-form-390x844.png")

# Filled and sent like a person: values typed into the fields, the button clicked.
fill = json.dumps({"author": "Kim Tan", "team": "Design", "code": code.lower(),
                   "text": "Tip: book a 20-minute slot to teach a colleague one shortcut"})
js(f"(() => {{ const v = {fill}; for (const k in v) {{ const e = document.getElementById(k);"
   f" e.focus(); e.value = v[k]; e.dispatchEvent(new Event('input', {{bubbles: true}})); }} }})()", session)
shot_filled = screenshot(session, "tips-form-filled-390x844.png")
js("document.querySelector('button[type=submit]').click()", session)
wait_for("location.pathname === '/thanks' && document.readyState === 'complete'", session,
         "submitting the form did not reach the thank-you page")
if "Thank you" not in (js("document.body.innerText", session) or ""):
    fail("the thank-you page does not say thank you")
shot_thanks = screenshot(session, "tips-thanks-390x844.png")

queue = run("moderate", "list", "--data", data)
if "Kim Tan" not in queue or "teach a colleague" not in queue:
    fail("the tip sent from Chromium is not pending in the queue:\n" + queue)

cdp("Browser.close")
browser.wait(timeout=20)
server.terminate()
if server.wait(timeout=10) != 0:
    fail("tips serve did not stop cleanly on SIGTERM")
shutil.rmtree(tmp, ignore_errors=True)
print(f"tips_chromium: ok: filled and submitted in Chromium, pending in the queue; screenshots {shot_form}, "
      f"{shot_filled}, {shot_thanks}")
