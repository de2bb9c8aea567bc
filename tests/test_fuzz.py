"""Fuzz tests (hypothesis) with a fixed, derandomized budget so the suite stays fast: the document
readers with random and mutated .txt/.docx/.pdf bytes (in this process and in the isolated reader), and
`Core.handle` with forged buttons and random text. The long run is benchmarks/bench_fuzz.py."""

from __future__ import annotations

import asyncio
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.assistant import Assistant
from bot.chat import Reply
from bot.compose import build_core
from bot.config import Config
from bot.isolation import ReaderPool, ReadLimits
from bot.plan_reading import NoTasksFound, read_plan
from knowledge.documents import DocumentError
from storage.db import open_db
from tests import fuzz_inputs as fz
from tests.core_fixtures import clock


def budget(examples: int) -> settings:
    """A fixed number of examples, the same ones on every run (derandomized, no example database)."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


BASES = fz.document_bases()
SUFFIXES = st.sampled_from((".txt", ".docx", ".pdf"))


def read_in_process(suffix: str, content: bytes) -> None:
    """Reading and parsing `content` gives a plan or a named refusal, never another exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"tep{suffix}"
        path.write_bytes(content)
        try:
            parsed, _ = read_plan(path)
        except (DocumentError, NoTasksFound) as refused:
            assert str(refused)
            if isinstance(refused, DocumentError):
                assert "tep" in refused.message("vi")
        else:
            assert parsed.tasks


def test_the_bases_are_plans_the_readers_accept():
    for suffix, content in BASES.items():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"kehoach{suffix}"
            path.write_bytes(content)
            parsed, _ = read_plan(path)
            assert len(parsed.tasks) >= 2, suffix


@budget(60)
@given(suffix=SUFFIXES, content=st.binary(max_size=2048))
def test_random_bytes_are_read_or_refused(suffix, content):
    read_in_process(suffix, content)


@budget(80)
@given(suffix=SUFFIXES, rng=st.randoms(use_true_random=False))
def test_mutated_plans_are_read_or_refused(suffix, rng):
    if suffix == ".docx" and rng.random() < 0.5:
        content = fz.mutate_docx_xml(BASES[".docx"], rng)
    else:
        content = fz.mutate_bytes(BASES[suffix], rng, rounds=rng.randrange(1, 6))
    read_in_process(suffix, content)


@budget(25)
@given(text=st.text(max_size=600), encoding=st.sampled_from(("utf-8", "utf-16", "cp1258", "utf-8-sig")))
def test_random_text_in_any_encoding_is_read_or_refused(text, encoding):
    read_in_process(".txt", (fz.PLAN_TEXT[:200] + text).encode(encoding, "replace"))


def test_hostile_documents_through_the_isolated_reader_are_read_or_refused():
    """The worker process path: each outcome is a plan or a DocumentError/NoTasksFound, none hangs."""
    with tempfile.TemporaryDirectory() as folder, ReaderPool(1, ReadLimits(seconds=20)) as pool:

        @budget(12)
        @given(rng=st.randoms(use_true_random=False))
        def read_isolated_once(rng):
            suffix, content = fz.hostile_document(rng, BASES)
            path = Path(folder) / f"tep{suffix}"
            path.write_bytes(content)
            [outcome] = pool.read_many([(path, path.name)])
            if isinstance(outcome, Exception):
                assert isinstance(outcome, DocumentError | NoTasksFound), repr(outcome)
                if isinstance(outcome, DocumentError):
                    assert outcome.key != "unreadable" or "Error" not in str(outcome.values), outcome.values
            else:
                assert outcome[0].tasks

        read_isolated_once()


def test_core_handle_with_forged_buttons_and_random_text(tmp_path):
    db = open_db(tmp_path / "fuzz.db")
    fz.people_world(db)
    fixed = clock()
    core = build_core(db, Config(admins=(fz.ADMIN,)), fixed, assistant=Assistant(db, fixed))
    refusals = fz.refusal_prefixes()

    def handle(incoming):
        before = db.conn.total_changes
        replies = asyncio.run(core.handle(incoming))
        assert isinstance(replies, list) and all(isinstance(r, Reply) for r in replies)
        for reply in replies:
            assert isinstance(reply.text, str)
            assert all(len(b.action.encode()) <= 64 for row in reply.buttons for b in row)
        if fz.is_refusal(replies, refusals):
            assert db.conn.total_changes == before, (incoming, replies)

    @budget(150)
    @given(rng=st.randoms(use_true_random=False))
    def forged_events(rng):
        handle(fz.random_event(rng))

    @budget(60)
    @given(
        sender=st.sampled_from(fz.SENDERS),
        action=st.text(max_size=70),
        text=st.text(max_size=300),
        rng=st.randoms(use_true_random=False),
    )
    def free_form(sender, action, text, rng):
        handle(fz.chat_event(rng, sender=sender, action=action or None))
        handle(fz.chat_event(rng, sender=sender, text=text))

    try:
        forged_events()
        free_form()
    finally:
        db.conn.close()


async def test_a_forged_page_list_key_beyond_sqlite_integers_is_a_stale_page(tmp_path):
    """Found by the fuzz run: `pg:<20 hex digits>:1` raised OverflowError out of the core."""
    db = open_db(tmp_path / "kb.db")
    fz.people_world(db)
    fixed = clock()
    core = build_core(db, Config(admins=(fz.ADMIN,)), fixed, assistant=Assistant(db, fixed))
    try:
        for key in ("ffffffffffffffffffff", "8000000000000000", "0", "-1"):
            incoming = fz.chat_event(random.Random(0), sender=fz.MEMBER, action=f"pg:{key}:1")
            [reply] = await core.handle(incoming)
            assert reply.text
    finally:
        db.conn.close()
