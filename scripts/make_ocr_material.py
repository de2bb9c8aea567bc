"""Make OCR test and training material from clean plans: render each to pages, read them back with Tesseract.

    python scripts/make_ocr_material.py corpus/plans corpus/ocr_eng --lang eng [--font-index N]

Writes one .txt per plan into the output folder, pages joined with a blank line. Needs tesseract-ocr with the
language asked for, and a font with Vietnamese glyphs (fonts-liberation2 or fonts-dejavu-core).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.ocr_material import ocr_image, render_pages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--lang", default="eng")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--scan", action="store_true", help="200 dpi style damage: rotate 1°, speckles")
    parser.add_argument("--font", default=None, help="a .ttf with Vietnamese glyphs")
    parser.add_argument("--suffix", default="", help="added to each output name")
    args = parser.parse_args()
    args.target.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.source.glob("*.txt")):
        pages = render_pages(path.read_text(encoding="utf-8"), dpi=args.dpi, scan=args.scan, font=args.font)
        text = "\n\n".join(ocr_image(page, args.lang) for page in pages)
        out = args.target / f"{path.stem}{args.suffix}.txt"
        out.write_text(text, encoding="utf-8")
        print(f"{out}: {len(pages)} pages")


if __name__ == "__main__":
    main()
