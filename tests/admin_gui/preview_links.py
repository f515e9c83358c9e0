#!/usr/bin/env python3
"""The admin's preview links only the kiosk's renderer (issue 12): learnwall_admin_gui names
learnwall_render among its link libraries and not the kiosk program's library, and the learnwall-admin
binary holds none of the kiosk program's parts (live loop, options, player, wall source, bench, screen
saver reset). Before, it linked the whole kiosk to get the renderer. The one image cache is part of the
renderer library (the moderation thumbnails use it), so it is expected in both programs.
Usage: preview_links.py LINK_LIBRARIES_FILE LEARNWALL_ADMIN_BINARY"""
import subprocess
import sys

libs = open(sys.argv[1]).read().strip().split(";")
problems = []
if "learnwall_render" not in libs:
    problems.append(f"learnwall_admin_gui does not link learnwall_render (links: {libs})")
for lib in libs:
    if lib.startswith("learnwall_kiosk"):
        problems.append(f"learnwall_admin_gui links {lib}: the preview needs only learnwall_render")
symbols = subprocess.run(["nm", "-C", sys.argv[2]], capture_output=True, text=True, check=True).stdout
kiosk_program = ["lw::kiosk::Player::", "lw::kiosk::WallSource::", "lw::kiosk::ScreenAwake::",
                 "lw::kiosk::run_live(", "lw::kiosk::run_screenshot(", "lw::kiosk::run_bench(", "XResetScreenSaver"]
for name in kiosk_program:
    if name in symbols:
        problems.append(f"learnwall-admin contains {name}: part of the kiosk program, not of the renderer")
if "lw::kiosk::ImageCache::" not in symbols:
    problems.append("learnwall-admin lacks lw::kiosk::ImageCache: the thumbnails should use the one image cache")
if "lw::kiosk::SceneRenderer::draw_static(" not in symbols:
    problems.append("learnwall-admin lacks lw::kiosk::SceneRenderer::draw_static: is the preview still there?")
for p in problems:
    print(p)
print(f"{len(libs)} link libraries, {len(problems)} problems")
sys.exit(1 if problems else 0)
