#!/usr/bin/env python3
"""Times the same cover job in Pillow: img.copy(), then ImageDraw.text for title and artist with
stroke_width=3, from a decoded RGBA image to a new RGBA image. PNG encoding is timed separately.
Prints JSON: {"1024": {"render_ms": .., "encode_ms": ..}, "3000": {...}}."""
import io
import json
import sys
import time

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError:
    import importlib, site, subprocess
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--user", "pillow"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    site.addsitedir(site.getusersitepackages())
    importlib.invalidate_caches()
    from PIL import Image, ImageDraw, ImageFont

FONT = sys.argv[1]


def best_of(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return times[len(times) // 2]


def job(side):
    img = Image.new("RGBA", (side, side))
    img.putdata([(x % 256, 80, y % 256, 255) for y in range(side) for x in range(side)])
    title = ImageFont.truetype(FONT, int(side * 0.10))
    artist = ImageFont.truetype(FONT, int(side * 0.045))

    def render():
        out = img.copy()
        d = ImageDraw.Draw(out)
        d.text((side / 2, side * 0.1), "MIDNIGHT STATIC", font=title, fill="#FFFFFF", anchor="mt",
               stroke_width=3, stroke_fill="#000000")
        d.text((side / 2, side * 0.9), "BY NOVA LANE", font=artist, fill="#FFFFFF", anchor="mb",
               stroke_width=3, stroke_fill="#000000")
        return out

    out = render()
    runs = 30 if side < 2000 else 10
    return {"render_ms": best_of(render, runs),
            "encode_ms": best_of(lambda: out.save(io.BytesIO(), "PNG"), max(3, runs // 3))}


print(json.dumps({str(s): job(s) for s in (1024, 3000)}))
