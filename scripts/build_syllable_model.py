"""Build knowledge/repair/data/syllable_model.json.gz: the syllable inventory, syllable-pair counts and the
OCR confusions that the repair uses (`make model`).

Sources (see knowledge/repair/data/README.md for their licences):
- Debian packages, fetched with `apt-get download` (no installation): hunspell-vi (the syllable list),
  libreoffice-help-vi, maint-guide-vi, manpages-vi (running Vietnamese text);
- the clean plans in corpus/plans/ and the place and person names in corpus/names.txt (written for this
  project), counted with a higher weight: they are the genre;
- corpus/ocr_eng/: the same clean plans rendered to pages and read by Tesseract's English model
  (scripts/make_ocr_material.py), aligned with the clean text to learn what the English model does to each
  syllable and to each letter.

Only counts are written, never the source text.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import math
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from knowledge.repair.syllables import base_letters, old_style, shape_ok  # noqa: E402

PACKAGES = ("hunspell-vi", "libreoffice-help-vi", "maint-guide-vi", "manpages-vi")
PLAN_WEIGHT = 20  # a plan's syllable pair counts this many times a help page's
MIN_GENERAL_PAIR = 2  # pairs seen once in the general text are dropped (size), plan pairs always kept
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”'’/|<>=*#\n\t]|\s[-–—]\s")


def fetch_packages(target: Path) -> Path:
    """Download and unpack PACKAGES into `target`; returns the unpacked root."""
    root = target / "root"
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", *PACKAGES], cwd=target, check=True)
    for deb in target.glob("*.deb"):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


def hunspell_syllables(root: Path) -> set[str]:
    found = set()
    for line in (root / "usr/share/hunspell/vi_VN.dic").read_text(encoding="utf-8").splitlines()[1:]:
        word = unicodedata.normalize("NFC", line.split("/")[0].strip().lower())
        if word and " " not in word and shape_ok(word):
            found.add(old_style(word))
    return found


def general_texts(root: Path):
    """Running Vietnamese text from the documentation packages, one document at a time."""
    for path in sorted((root / "usr/share/libreoffice/help/vi").rglob("*.html")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
        yield html.unescape(re.sub(r"<[^>]+>", "\n", raw))
    for path in sorted(root.glob("usr/share/doc/maint-guide-vi/*.txt.gz")):
        yield gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    for path in sorted((root / "usr/share/man/vi").rglob("*.gz")):
        text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        lines = [
            re.sub(r"\\f[BIRP]|\\[-&e]|\\\(..", " ", ln) for ln in text.splitlines() if not ln.startswith(".")
        ]
        yield "\n".join(lines)


def segments(text: str):
    """Runs of lowercase old-style words between punctuation (a pair never spans a comma or a line)."""
    for part in BREAK.split(unicodedata.normalize("NFC", text)):
        words = [old_style(w.lower()) for w in WORD.findall(part)]
        if words:
            yield words


def count_pairs(texts, inventory: set[str], unigrams: Counter, pairs: Counter, weight: int) -> None:
    for text in texts:
        for words in segments(text):
            previous = None
            for word in words:
                if word not in inventory:
                    previous = None
                    continue
                unigrams[word] += weight
                if previous is not None:
                    pairs[previous, word] += weight
                previous = word


# --- learning the English model's confusions from aligned clean / OCR'd pages ---------------------------

_EDGE = re.compile(r"^[^\w¢©®$&@’]+|[^\w¢©®$&@’]+$")


def _tokens(text: str) -> list[str]:
    out = []
    for raw in unicodedata.normalize("NFC", text).split():
        token = _EDGE.sub("", raw)
        if token:
            out.append(token)
    return out


def _levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            cur = min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
            prev, row[j] = row[j], cur
    return row[-1]


def align_tokens(clean: list[str], observed: list[str], band: int = 80) -> list[tuple[str, str]]:
    """Pairs (clean token, observed token) from a banded edit-distance alignment of the two sequences."""
    n, m = len(clean), len(observed)
    cb = [base_letters(t) for t in clean]
    ob = [base_letters(t) for t in observed]
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        centre = i * m // max(n, 1)
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            if i == 0 and j == 0:
                continue
            best, how = inf, 0
            if i and j and cost[i - 1][j - 1] < inf:
                d = _levenshtein(cb[i - 1], ob[j - 1]) / max(len(cb[i - 1]), len(ob[j - 1]), 1)
                best, how = cost[i - 1][j - 1] + d, 1
            if i and cost[i - 1][j] + 0.8 < best:
                best, how = cost[i - 1][j] + 0.8, 2
            if j and cost[i][j - 1] + 0.8 < best:
                best, how = cost[i][j - 1] + 0.8, 3
            cost[i][j], back[i][j] = best, how
    pairs = []
    i, j = n, m
    while i or j:
        how = back[i][j]
        if how == 1:
            i, j = i - 1, j - 1
            if _levenshtein(cb[i], ob[j]) <= max(2, len(cb[i]) // 2):
                pairs.append((clean[i], observed[j]))
        elif how == 2:
            i -= 1
        elif how == 3:
            j -= 1
        else:
            break
    pairs.reverse()
    return pairs


def char_edits(true_base: str, observed: str):
    """The edit operations (true char or "", observed char or "") turning `true_base` into `observed`, as
    rapidfuzz aligns them (the repair scores candidates on the same alignment)."""
    ops = []
    for tag, t0, t1, o0, o1 in Levenshtein.opcodes(true_base, observed):
        if tag == "equal" or tag == "replace":
            ops.extend(zip(true_base[t0:t1], observed[o0:o1], strict=True))
        elif tag == "delete":
            ops.extend((t, "") for t in true_base[t0:t1])
        else:
            ops.extend(("", o) for o in observed[o0:o1])
    return ops


def learn_confusions(plans: Path, ocr: Path, inventory: set[str]):
    """(token table {observed lowercase: {syllable: count}}, letter edit counts {"t>o": count})."""
    table: dict[str, Counter] = defaultdict(Counter)
    edits: Counter = Counter()
    for ocr_path in sorted(ocr.glob("*.txt")):
        stem = ocr_path.stem.split("_dejavu")[0]
        clean_path = plans / f"{stem}.txt"
        if not clean_path.exists():
            continue
        pairs = align_tokens(
            _tokens(clean_path.read_text(encoding="utf-8")), _tokens(ocr_path.read_text(encoding="utf-8"))
        )
        for clean, observed in pairs:
            true = old_style(clean.lower())
            if true not in inventory:
                continue
            obs = observed.lower()
            table[obs][true] += 1
            for t, o in char_edits(base_letters(true), _observed_letters(obs)):
                edits[f"{t}>{o}"] += 1
    return table, edits


def _observed_letters(observed: str) -> str:
    """An observed token as the repair compares it: lowercase, marks dropped, đ→d (digits, symbols kept)."""
    return base_letters(observed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, help="an unpacked root of PACKAGES (default: download them)")
    parser.add_argument("--out", type=Path, default=ROOT / "knowledge/repair/data/syllable_model.json.gz")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.sources or fetch_packages(Path(tmp))
        inventory = hunspell_syllables(root)
        plan_texts = [
            p.read_text(encoding="utf-8")
            for p in sorted((ROOT / "corpus/plans").glob("*.txt")) + sorted((ROOT / "corpus").glob("*.txt"))
        ]
        for text in plan_texts:
            for words in segments(text):
                inventory.update(w for w in words if shape_ok(w))
        unigrams: Counter = Counter()
        general: Counter = Counter()
        count_pairs(general_texts(root), inventory, unigrams, general, 1)
    plan_pairs: Counter = Counter()
    count_pairs(plan_texts, inventory, unigrams, plan_pairs, PLAN_WEIGHT)
    pairs = Counter({k: v for k, v in general.items() if v >= MIN_GENERAL_PAIR})
    pairs.update(plan_pairs)
    table, edits = learn_confusions(ROOT / "corpus/plans", ROOT / "corpus/ocr_eng", inventory)
    syllables = sorted(inventory)
    index = {s: i for i, s in enumerate(syllables)}
    model = {
        "version": 1,
        "syllables": syllables,
        "unigrams": [unigrams.get(s, 0) for s in syllables],
        "pairs": sorted([index[a], index[b], n] for (a, b), n in pairs.items()),
        "confusions": {obs: dict(c) for obs, c in sorted(table.items())},
        "letter_edits": dict(sorted(edits.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(model, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    args.out.write_bytes(gzip.compress(data, 9, mtime=0))
    print(
        f"{args.out}: {len(syllables)} syllables, {len(pairs)} pairs, {len(table)} observed forms, "
        f"{args.out.stat().st_size / 1024:.0f} kB (log-size {math.log10(max(1, sum(unigrams.values()))):.1f})"
    )


if __name__ == "__main__":
    main()
