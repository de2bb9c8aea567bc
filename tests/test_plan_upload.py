"""Plan files sent in chat: read in an isolated worker, refusals name the sent file once (never the
temporary file), a hostile file is refused without blocking the core."""

from __future__ import annotations

import pytest

from bot.chat import FileRef
from bot.compose import build_core
from bot.config import Config
from tests import hostile_documents as hostile
from tests.core_fixtures import StubAssistant, clock, incoming

ADMIN = "1"
PLAN = (
    "Số: 77/KH-UBND\nKẾ HOẠCH\nII. NHIỆM VỤ\n1. Phòng Kinh tế chủ trì rà soát hồ sơ đất đai,"
    " hoàn thành trước 30/11/2026.\n"
)


@pytest.fixture
def core(tmp_path):
    from storage.db import open_db

    db = open_db(tmp_path / "kb.db")  # a file: saving runs in a thread on its own connection
    core = build_core(db, Config(admins=(ADMIN,)), clock(), assistant=StubAssistant(db))
    core.files = {}

    async def fetch(ref):
        return core.files[ref.ref]

    core.fetch_file = fetch
    yield core
    db.conn.close()


async def send(core, name: str, content: bytes, lang: str = "vi"):
    core.files[name] = content
    ref = FileRef("document", name, name, size=len(content))
    language = "en-US" if lang == "en" else "vi"
    return await core.handle(incoming(ADMIN, file=ref, language=language))


def plans(core) -> int:
    return core.db.execute("SELECT COUNT(*) FROM plans").fetchone()[0]


async def test_a_plan_is_read_and_saved(core):
    [reply] = await send(core, "kehoach.txt", PLAN.encode())
    assert "77/KH-UBND" in reply.text and plans(core) == 1


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_a_refusal_names_the_sent_file_once_and_never_the_temporary_one(core, lang):
    [reply] = await send(core, "baocao.pdf", b"%PDF-1.4 not really a pdf", lang)
    assert reply.text.count("baocao.pdf") == 1, reply.text
    assert "planbot-upload" not in reply.text
    assert plans(core) == 0


async def test_a_hostile_docx_is_refused_or_read_and_the_core_answers_after(core, tmp_path):
    path = tmp_path / "vonglap.docx"
    hostile.styles_based_on_each_other(path)
    [reply] = await send(core, "vonglap.docx", path.read_bytes())
    assert "vonglap.docx" in reply.text
    [after] = await core.handle(incoming(ADMIN, "/huy"))
    assert after.text


async def test_a_file_that_reads_too_long_is_refused_within_the_limit(core, monkeypatch):
    import time

    from bot import isolation

    monkeypatch.setattr(isolation, "READ_SECONDS", 1.0)
    monkeypatch.setattr(isolation, "read_job", sleep_forever)
    started = time.monotonic()
    [reply] = await send(core, "cham.txt", PLAN.encode())
    assert time.monotonic() - started < 10
    assert "cham.txt" in reply.text and "1 giây" in reply.text
    assert plans(core) == 0


def sleep_forever(path, name):
    import time

    while True:
        time.sleep(1)
