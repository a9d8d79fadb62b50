#!/usr/bin/env python3
"""Prints Pillow's inked bounding box for each case, to cross-check the Rust cover renderer.

Input (stdin): JSON list of {"font": path, "size": px, "stroke": px, "text": str}.
Output (stdout): JSON list of [width, height] of the inked area (any non-zero coverage).
Installs Pillow from PyPI into the user's site-packages when it is missing.
"""
import json
import subprocess
import sys


def pillow():
    try:
        from PIL import Image, ImageDraw, ImageFont  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--user", "pillow"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # A user site directory created just now is not on sys.path yet.
        import importlib
        import site
        site.addsitedir(site.getusersitepackages())
        importlib.invalidate_caches()
    from PIL import Image, ImageDraw, ImageFont
    return Image, ImageDraw, ImageFont


def main():
    Image, ImageDraw, ImageFont = pillow()
    out = []
    for case in json.load(sys.stdin):
        font = ImageFont.truetype(case["font"], size=case["size"])
        pad = case["size"] * 2 + case["stroke"] * 2
        img = Image.new("L", (len(case["text"]) * case["size"] * 2 + pad, case["size"] * 3 + pad), 0)
        draw = ImageDraw.Draw(img)
        draw.text((pad // 2, pad // 2), case["text"], font=font, fill=255,
                  stroke_width=case["stroke"], stroke_fill=255)
        x0, y0, x1, y1 = img.getbbox()
        out.append([x1 - x0, y1 - y0])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
