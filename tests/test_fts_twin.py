"""knowledge.search.fts_twin matches exactly what FTS5 (ascii tokenizer, as tasks_fts) matches, for every
expression shape Vocabulary.match_exprs builds; and scoped search gives the same candidates either way."""

from __future__ import annotations

import random
import sqlite3

import pytest

from knowledge.search import Vocabulary, fts_twin, spell_prefixes

WORDS = [
    "so",
    "hoa",
    "ho",
    "tich",
    "kinh",
    "te",
    "phong",
    "van",
    "dat",
    "dai",
    "5g",
    "kiosk",
    "y",
    "thong",
    "minh",
]


def _expressions(rng: random.Random) -> list[str]:
    def quote(term: str) -> str:
        return f'"{term}"*' if len(term) >= 4 else f'"{term}"'

    exprs = []
    for _ in range(200):
        picked = rng.sample(WORDS, rng.randint(1, 4))
        prefixes = [w[: rng.randint(1, len(w))] if rng.random() < 0.3 else w for w in picked]
        exprs.append(rng.choice([" AND ", " OR "]).join(quote(t) for t in prefixes))
    return exprs


def test_twin_agrees_with_fts5_on_random_texts_and_expressions():
    rng = random.Random(57)
    texts = [
        " ".join(rng.choice(WORDS + ["nha", "tong", "hop"]) for _ in range(rng.randint(0, 12)))
        for _ in range(300)
    ]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(body, tokenize='ascii', detail=none, columnsize=0)")
    conn.executemany("INSERT INTO f (rowid, body) VALUES (?, ?)", list(enumerate(texts, start=1)))
    for expr in _expressions(rng):
        expected = {r[0] for r in conn.execute("SELECT rowid FROM f WHERE f MATCH ?", [expr])}
        twin = fts_twin(expr)
        assert twin is not None
        assert {i for i, text in enumerate(texts, start=1) if twin(text)} == expected, expr


@pytest.mark.parametrize("expr", ['"a" AND "b" OR "c"', "a OR b", '"a" NEAR "b"', '("a")'])
def test_other_shapes_have_no_twin(expr):
    assert fts_twin(expr) is None


def test_spelled_prefixes_find_the_same_tasks_in_the_same_order():
    """knowledge.search.spell_prefixes: each prefix term written as the index words it stands for finds the
    same rows as FTS5's own prefix query, so the first `limit` of them (rowid order) are the same."""
    rng = random.Random(71)
    texts = [
        " ".join(rng.choice(WORDS + ["nha", "tong", "hop", "thongtin", "tichhop", "hoan"]) for _ in range(8))
        for _ in range(400)
    ]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(body, tokenize='ascii', detail=none, columnsize=0)")
    conn.executemany("INSERT INTO f (rowid, body) VALUES (?, ?)", list(enumerate(texts, start=1)))
    conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, f, row)")
    vocabulary = Vocabulary({term: doc for term, doc in conn.execute("SELECT term, doc FROM temp.v")}, 400)
    for expr in _expressions(rng):
        spelled = spell_prefixes(expr, vocabulary.starting_with)
        for limit in (5, 50, 1000):
            sql = "SELECT rowid FROM f WHERE f MATCH ? LIMIT ?"
            assert (
                conn.execute(sql, [spelled, limit]).fetchall() == conn.execute(sql, [expr, limit]).fetchall()
            )


def test_spelled_prefixes_shapes():
    words = {"thong": ["thong", "thongtin"], "ti": [f"ti{i}" for i in range(40)]}.get
    assert spell_prefixes('"thong"* AND "te"', words) == '("thong" OR "thongtin") AND "te"'
    assert spell_prefixes('"te" OR "thon"*', lambda _: []) == '"te" OR "thon"*'  # nothing known: as it was
    assert spell_prefixes('"ti"*', words) == '"ti"*'  # a prefix of too many words is left to FTS5
