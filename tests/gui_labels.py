#!/usr/bin/env python3
"""GUI tests carry the ctest label "gui" (issue 12), so `ctest -LE gui` runs everything that needs no
display and `ctest -L gui` the rest. A test needs a display when it runs a windowed program: the kiosk
(its test binary or learnwall-kiosk), the admin window's tests, or an end-to-end check over the binaries.
Usage: gui_labels.py BUILD_DIR"""
import json
import subprocess
import sys

build = sys.argv[1]
out = subprocess.run(["ctest", "--test-dir", build, "--show-only=json-v1"], capture_output=True, text=True, check=True)
tests = json.loads(out.stdout)["tests"]
# What a display-needing command names: the programs that open a window or render offscreen with GL.
windowed = ("learnwall_kiosk_tests", "learnwall-kiosk", "learnwall_admin_gui_tests")
problems = []
seen_gui = 0
for t in tests:
    labels = []
    for p in t.get("properties", []):
        if p["name"] == "LABELS":
            labels = p["value"]
    command = " ".join(t.get("command", []))
    needs_display = any(w in command for w in windowed)
    if needs_display and "gui" not in labels:
        problems.append(f"test {t['name']!r} runs a windowed program ({command[:120]}) but has no 'gui' label")
    if "gui" in labels:
        seen_gui += 1
if seen_gui == 0:
    problems.append("no test carries the 'gui' label: `ctest -L gui` would run nothing")
for p in problems:
    print(p)
print(f"{len(tests)} tests, {seen_gui} labelled gui, {len(problems)} problems")
sys.exit(1 if problems else 0)
