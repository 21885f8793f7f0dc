"""The README's pictures: the overview's first screen at 1280 and 390 px, light and dark.

Usage: `.venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 static` against a
running server, in Debian's Chromium. Quantised to 64 colours: they are pictures of text, and
the README should not carry megabytes.
"""

import io
import sys

from PIL import Image
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENS = ((1280, 900), (390, 844))  # a laptop's first screen, a phone's


def main(base: str, out: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, height in SCREENS:
            for scheme in ("light", "dark"):
                page = browser.new_page(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                page.goto(base + "/")
                shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
                path = f"{out}/screenshot-{width}-{scheme}.png"
                shot.quantize(colors=64, dither=Image.Dither.NONE).save(path, optimize=True)
                print(path)
                page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
