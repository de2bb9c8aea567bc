"""Read scanned plans: image-only PDFs and photos or scans of pages (JPEG, PNG, TIFF), with Tesseract's
Vietnamese model.

Settings measured on plan pages (see benchmarks/bench_ocr.py): one Tesseract thread per process
(OMP_THREAD_LIMIT=1; threads were 4× slower on 2 cores), a 3-pixel median filter before OCR (poor scans:
12% → 1.5% character errors, no harm on good ones), the default automatic page segmentation (never mode 6,
"one block of text", which garbles noisy pages). PDFs are rasterised with pypdfium2, no system tools.

Refusals are `DocumentError`s (catalog keys "doc.ocr_*"), so callers treat a scan like any other document:
Tesseract missing, too many pages, over the time limit, or a page Tesseract cannot read.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from knowledge.documents import DocumentError, check_size, read_document

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
LANGUAGE = "vie"
PACKAGES = "tesseract-ocr tesseract-ocr-vie"
PDF_DPI = 300  # rasterising: Tesseract reads 10-13 pt type best at ~300 dpi
MAX_PAGES = int(os.environ.get("PLANBOT_OCR_MAX_PAGES", "60"))
TIME_LIMIT = float(os.environ.get("PLANBOT_OCR_TIME_LIMIT", "900"))  # seconds for one document
MEDIAN_SIZE = 3

Progress = Callable[[int, int], None]  # (page, pages): called before each page is read


class TesseractMissing(DocumentError):
    """Tesseract or its Vietnamese model is not installed (key "doc.ocr_missing")."""

    def __init__(self, name: str) -> None:
        super().__init__("ocr_missing", name, packages=PACKAGES)


class TooManyPages(DocumentError):
    """More pages than MAX_PAGES (key "doc.ocr_too_many_pages")."""

    def __init__(self, name: str, pages: int, limit: int) -> None:
        super().__init__("ocr_too_many_pages", name, pages=pages, limit=limit)


class OcrTimeout(DocumentError):
    """Reading took longer than TIME_LIMIT (key "doc.ocr_timeout")."""

    def __init__(self, name: str, page: int, pages: int, limit: float) -> None:
        super().__init__("ocr_timeout", name, page=page, pages=pages, limit=int(limit))


def is_scan_type(path: Path) -> bool:
    """True for the image types that are always read by OCR."""
    return path.suffix.lower() in IMAGE_SUFFIXES


def tesseract_ready(language: str = LANGUAGE) -> bool:
    """True when the `tesseract` binary and its `language` model are installed."""
    binary = shutil.which("tesseract")
    if not binary:
        return False
    try:
        listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return language in listed.stdout.split()


def read_any(path: str | Path, *, progress: Progress | None = None) -> str:
    """Text of a plan file: its text layer (knowledge.documents), else OCR for scans and page images."""
    path = Path(path)
    if is_scan_type(path):
        return ocr_document(path, progress=progress)
    try:
        return read_document(path)
    except DocumentError as exc:
        if exc.key == "pdf_scan":
            return ocr_document(path, progress=progress)
        raise


def ocr_document(
    path: str | Path,
    *,
    progress: Progress | None = None,
    max_pages: int | None = None,
    time_limit: float | None = None,
    language: str = LANGUAGE,
) -> str:
    """OCR every page of an image-only PDF or an image file (multi-page TIFF too); pages joined by a blank line."""
    path = Path(path)
    max_pages = MAX_PAGES if max_pages is None else max_pages
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    if not tesseract_ready(language):
        raise TesseractMissing(path.name)
    check_size(path)
    count, pages = _open_pages(path)
    if count > max_pages:
        raise TooManyPages(path.name, count, max_pages)
    deadline = time.monotonic() + time_limit
    texts = []
    for number, image in enumerate(pages, 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise OcrTimeout(path.name, number, count, time_limit)
        if progress is not None:
            progress(number, count)
        try:
            texts.append(ocr_image(image, language=language, timeout=remaining))
        except subprocess.TimeoutExpired as exc:
            raise OcrTimeout(path.name, number, count, time_limit) from exc
        except subprocess.CalledProcessError as exc:
            raise DocumentError("ocr_failed", path.name, page=number) from exc
    text = "\n\n".join(t.strip("\n") for t in texts)
    if not text.strip():
        raise DocumentError("no_text", path.name)
    return text


def prepare(image):
    """Grayscale and a 3-pixel median filter: speckles go, letters stay."""
    from PIL import ImageFilter

    gray = image.convert("L")
    return gray.filter(ImageFilter.MedianFilter(MEDIAN_SIZE))


def ocr_image(image, *, language: str = LANGUAGE, timeout: float | None = None) -> str:
    """Tesseract's text of one page image (a PIL image), one thread, automatic page segmentation."""
    buffer = io.BytesIO()
    prepare(image).save(buffer, format="PNG")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    done = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", language, "--psm", "3"],
        input=buffer.getvalue(),
        capture_output=True,
        env=env,
        timeout=timeout,
        check=True,
    )
    return done.stdout.decode("utf-8", errors="replace")


def _open_pages(path: Path) -> tuple[int, Iterator]:
    """(page count, the pages as PIL images, produced one at a time to bound memory)."""
    if path.suffix.lower() == ".pdf":
        return _pdf_pages(path)
    return _image_pages(path)


def _pdf_pages(path: Path) -> tuple[int, Iterator]:
    try:
        import pypdfium2

        document = pypdfium2.PdfDocument(str(path))
        count = len(document)
    except Exception as exc:  # pdfium raises its own error kinds on damaged files
        raise DocumentError("corrupt_pdf", path.name, reason=type(exc).__name__) from exc

    def pages():
        try:
            for index in range(count):
                page = document[index]
                yield page.render(scale=PDF_DPI / 72, grayscale=True).to_pil()
                page.close()
        finally:
            document.close()

    return count, pages()


def _image_pages(path: Path) -> tuple[int, Iterator]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(path)
        count = getattr(image, "n_frames", 1)
    except (OSError, UnidentifiedImageError) as exc:
        raise DocumentError("ocr_bad_image", path.name) from exc

    def pages():
        with image:
            for frame in ImageSequence.Iterator(image):
                yield _upright(frame.copy())

    return count, pages()


def _upright(image):
    """A photo turned the way the camera says it was held (EXIF orientation)."""
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # a broken EXIF block: use the pixels as they are
        return image
