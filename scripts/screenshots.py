"""The README's pictures: the overview's first screen at 1280 and 390 px, light and dark.

Usage: `.venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 static` against a
running server (Debian's Chromium). Quantised to 64 colours: they are pictures of text.
"""

import io
import sys

from PIL import Image
from playwright.sync_api import sync_playwright

base, out = sys.argv[1], sys.argv[2]
with sync_playwright() as p:
    b = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    for width, height in ((1280, 900), (390, 844)):
        for scheme in ("light", "dark"):
            pg = b.new_page(
                viewport={"width": width, "height": height},
                color_scheme=scheme,
                device_scale_factor=1,
            )
            pg.goto(base + "/")
            png = pg.screenshot(full_page=False)
            img = (
                Image.open(io.BytesIO(png))
                .convert("RGB")
                .quantize(colors=64, dither=Image.Dither.NONE)
            )
            path = f"{out}/screenshot-{width}-{scheme}.png"
            img.save(path, optimize=True)
            print(path)
            pg.close()
    b.close()
