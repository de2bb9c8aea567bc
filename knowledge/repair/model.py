"""The compiled syllable model (knowledge/repair/data/syllable_model.json.gz, built by
scripts/build_syllable_model.py): valid syllables with their counts, syllable-pair counts, and what
Tesseract's English model makes of Vietnamese (observed forms and letter edits, learned from aligned pages).

Loaded once per process (~0.3 s); every table the repair looks up is built here, not per text.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import defaultdict
from functools import cache
from pathlib import Path

from knowledge.repair.syllables import base_letters

MODEL_PATH = Path(__file__).with_name("data") / "syllable_model.json.gz"
DISCOUNT = 0.75  # absolute discounting of pair counts
LETTER_SMOOTHING = 0.5


class ModelError(Exception):
    """The model file is missing or unreadable (key: "repair.model_missing")."""

    key = "repair.model_missing"


class SyllableModel:
    """Look-ups for the repair: candidates by base letters, pair log-probabilities, confusion costs."""

    def __init__(self, data: dict) -> None:
        self.syllables: list[str] = data["syllables"]
        self.index = {s: i for i, s in enumerate(self.syllables)}
        counts = [c + 0.5 for c in data["unigrams"]]  # every listed syllable is possible
        total = sum(counts)
        self.unigram_logp = [math.log(c / total) for c in counts]
        self.unigram_p = [c / total for c in counts]
        self.pairs: dict[int, int] = {}
        first_total: dict[int, int] = defaultdict(int)
        first_types: dict[int, int] = defaultdict(int)
        for a, b, n in data["pairs"]:
            self.pairs[a << 16 | b] = n
            first_total[a] += n
            first_types[a] += 1
        self.first_total = dict(first_total)
        self.first_types = dict(first_types)
        # The same scores as `pair_logp`, split for the Viterbi: a pair never seen scores the first
        # syllable's back-off weight plus the second's unigram, so the best predecessor over unseen pairs
        # is one maximum per word; only the few seen pairs (exact scores here) are looked up one by one.
        self.backoff_logp = [0.0] * len(self.syllables)
        for a, total in self.first_total.items():
            self.backoff_logp[a] = math.log(DISCOUNT * self.first_types[a] / total)
        self.successors: dict[int, dict[int, float]] = defaultdict(dict)
        for a, b, _ in data["pairs"]:
            self.successors[a][b] = self.pair_logp(a, b)
        self.successors = dict(self.successors)
        self.by_base: dict[str, list[int]] = defaultdict(list)
        for i, syllable in enumerate(self.syllables):
            self.by_base[base_letters(syllable)].append(i)
        for ids in self.by_base.values():
            ids.sort(key=lambda i: -self.unigram_p[i])
        self.confusions: dict[str, list[tuple[int, float]]] = {}
        for observed, found in data["confusions"].items():
            n = sum(found.values())
            self.confusions[observed] = [
                (self.index[s], math.log(c / n)) for s, c in found.items() if s in self.index
            ]
        self.letter_cost = self._letter_costs(data["letter_edits"])
        self._deletes: dict[str, list[str]] | None = None

    @staticmethod
    def _letter_costs(edits: dict[str, int]) -> dict[tuple[str, str], float]:
        """-log P(observed letter | true letter) per learned edit ("" for an insertion or a deletion)."""
        by_true: dict[str, int] = defaultdict(int)
        for key, n in edits.items():
            by_true[key.split(">", 1)[0]] += n
        costs = {}
        for key, n in edits.items():
            true, observed = key.split(">", 1)
            costs[true, observed] = -math.log((n + LETTER_SMOOTHING) / (by_true[true] + 1))
        return costs

    def pair_logp(self, a: int, b: int) -> float:
        """log P(b | a) with absolute discounting; a < 0 means no previous syllable."""
        if a < 0:
            return self.unigram_logp[b]
        total = self.first_total.get(a)
        if not total:
            return self.unigram_logp[b]
        n = self.pairs.get(a << 16 | b, 0)
        p = max(n - DISCOUNT, 0.0) / total + DISCOUNT * self.first_types[a] / total * self.unigram_p[b]
        return math.log(p)

    def near_bases(self, letters: str, distance: int = 2) -> set[str]:
        """Bases within `distance` deletions of `letters` on either side (a superset of edit distance 2)."""
        if self._deletes is None:
            self._deletes = _delete_index(self.by_base, 2)
        found: set[str] = set()
        for variant in _deletes_of(letters, distance):
            found.update(self._deletes.get(variant, ()))
        return found


def _deletes_of(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w)) if len(w) > 1}
        out |= frontier
    return out


def _delete_index(bases, depth: int) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for base in bases:
        for variant in _deletes_of(base, depth):
            index[variant].append(base)
    return dict(index)


@cache
def load_model(path: Path = MODEL_PATH) -> SyllableModel:
    """The syllable model (read once per process)."""
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError) as exc:
        raise ModelError(str(exc)) from exc
    return SyllableModel(data)
