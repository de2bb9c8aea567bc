"""Test material for OCR and repair, made the way the seed plans were made: clean plan text rendered to page
images (Pillow, a serif font with Vietnamese glyphs), then read back by Tesseract.

`-l eng` over the pages gives the damage the seeds show (what the English model does to Vietnamese); `-l vie`
gives a scan's text. `scan=True` makes a poor scan: 200 dpi, rotated 1°, speckle noise.
"""

from __future__ import annotations

import random
import subprocess
import textwrap
from pathlib import Path

# Times-like first (plans are set in Times New Roman); the old fonts-liberation 1.x lacks Vietnamese glyphs.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)


def font_path() -> str:
    """A serif font with Vietnamese glyphs (Debian: fonts-liberation or fonts-dejavu-core)."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    raise FileNotFoundError(
        "no font with Vietnamese glyphs: apt-get install fonts-liberation2 fonts-dejavu-core"
    )


def render_pages(text: str, *, dpi: int = 300, scan: bool = False, seed: int = 0, font: str | None = None):
    """`text` as A4 page images (PIL, mode "L"): 13-pt lines wrapped to the page width, 48 lines a page."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    margin = int(0.9 * dpi)
    font = ImageFont.truetype(font or font_path(), int(13 / 72 * dpi))
    line_height = int(font.size * 1.45)
    chars_per_line = max(20, int((width - 2 * margin) / (font.size * 0.47)))
    lines: list[str] = []
    for paragraph in text.splitlines():
        wrapped = textwrap.wrap(paragraph.strip(), chars_per_line) if paragraph.strip() else [""]
        lines.extend(wrapped)
    per_page = (height - 2 * margin) // line_height
    rng = random.Random(seed)
    pages = []
    for start in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        y = margin
        for line in lines[start : start + per_page]:
            draw.text((margin, y), line, font=font, fill=0)
            y += line_height
        if scan:
            page = page.rotate(1.0, resample=Image.BICUBIC, fillcolor=255)
            pixels = page.load()
            for _ in range(width * height // 400):  # speckles: 0.25% of pixels flipped
                x, y = rng.randrange(width), rng.randrange(height)
                pixels[x, y] = 0 if pixels[x, y] > 128 else 255
        pages.append(page)
    return pages


def ocr_image(image, lang: str, *, psm: int = 3) -> str:
    """Tesseract's text of one page image (one thread, as bot.ocr runs it)."""
    import io
    import os

    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm)],
        input=buffer.getvalue(),
        capture_output=True,
        env=env,
        check=True,
    )
    return done.stdout.decode("utf-8")
