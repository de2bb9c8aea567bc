"""Reports in chat: /baocao → a period → the draft and the tracker (a leader's hold only the unit's rows),
/tiendo's chart, and evidence files re-sent only to people allowed to see the task (forged buttons too)."""

from __future__ import annotations

import dataclasses
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from bot import actions
from bot.compose import build_core
from bot.config import Config
from bot.verbs import Verb
from storage import people as people_db
from tests.core_fixtures import StubAssistant, button, buttons_of, clock
from tests.core_fixtures import incoming as make_incoming
from tests.reports_world import BLOCKED_NOTE, KT, REPORT_DATE, VHXH, seed_reports

ADMIN, LEADER_VHXH, LEADER_KT, MEMBER_VP = "11", "12", "13", "14"


def incoming(*args, **kwargs):
    return dataclasses.replace(make_incoming(*args, **kwargs), today=REPORT_DATE)


@pytest.fixture
def world(fresh_db):
    ids = seed_reports(fresh_db)
    for external, key in (
        (ADMIN, "admin"),
        (LEADER_VHXH, "leader_vhxh"),
        (LEADER_KT, "leader_kt"),
        (MEMBER_VP, "member_vp"),
    ):
        people_db.link_identity(fresh_db, ids[f"person:{key}"], "telegram", external)
    core = build_core(fresh_db, Config(), clock(), assistant=StubAssistant(fresh_db))
    return core, ids


def appendix_contents(reply) -> set[str]:
    document = Document(io.BytesIO(reply.document.content))
    return {row.cells[2].text for row in document.tables[-1].rows[1:]}


async def test_baocao_offers_periods_then_sends_draft_and_tracker(world):
    core, ids = world
    replies = await core.handle(incoming(ADMIN, "/baocao"))
    labels = [b.label for b in buttons_of(replies)]
    assert "📄 tháng 9 năm 2025" in labels and "📄 tháng 8 năm 2025" in labels
    assert "📄 quý III năm 2025" in labels and "📄 năm 2024" in labels
    files = await core.handle(incoming(ADMIN, action=button(replies, "tháng 8 năm 2025").action))
    assert [r.document.name for r in files] == ["bao-cao-2025-08.docx", "theo-doi-tien-do-2025-09-02.xlsx"]
    assert "tháng 8 năm 2025" in files[0].text
    document = Document(io.BytesIO(files[0].document.content))
    assert any(p.text == "BÁO CÁO" for p in document.paragraphs)
    assert len(appendix_contents(files[0])) == 7  # every task for an admin
    workbook = load_workbook(io.BytesIO(files[1].document.content))
    assert workbook.sheetnames[0] == "Tổng hợp theo đơn vị"


async def test_a_leader_gets_only_the_units_rows_even_with_forged_buttons(world):
    core, ids = world
    replies = await core.handle(incoming(LEADER_VHXH, "/baocao"))
    assert VHXH in replies[0].text
    # A button the bot never showed this leader (another period): still the leader's own unit only.
    forged = actions.build(Verb.REPORT, "2025-Q3")
    files = await core.handle(incoming(LEADER_VHXH, action=forged))
    contents = appendix_contents(files[0])
    assert "Xây dựng cơ sở dữ liệu hộ kinh doanh" not in contents  # Phòng Kinh tế's alone
    assert contents == {
        "Số hóa sổ hộ tịch giai đoạn 2015–2020",
        "Lắp đặt wifi công cộng tại nhà văn hóa các thôn",
        "Tuyên truyền, hướng dẫn kỹ năng số cho người dân",
    }
    tracker = load_workbook(io.BytesIO(files[1].document.content))
    rows = {r[3] for sheet in tracker.worksheets[1:] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows == contents


@pytest.mark.parametrize("data", ["bo:2025-13", "bo:Q9", "bo:", "bo:2025-08:99"])
async def test_malformed_report_buttons_are_stale(world, data):
    core, _ = world
    replies = await core.handle(incoming(ADMIN, action=data))
    if data == "bo:2025-08:99":  # an extra argument is ignored: the scope never comes from the button
        assert replies[0].document is not None
    else:
        assert replies[0].document is None and "cũ" in replies[0].text


async def test_members_may_not_ask_for_reports(world):
    core, _ = world
    assert "không có quyền" in (await core.handle(incoming(MEMBER_VP, "/baocao")))[0].text
    refused = await core.handle(incoming(MEMBER_VP, action=actions.build(Verb.REPORT, "2025-08")))
    assert refused[0].document is None and "không có quyền" in refused[0].text


async def test_calendar_button_sends_an_ics(world):
    core, _ = world
    replies = await core.handle(incoming(LEADER_KT, action=actions.build(Verb.REPORT, "ics")))
    document = replies[0].document
    assert document.name.endswith(".ics") and document.content.startswith(b"BEGIN:VCALENDAR")
    from icalendar import Calendar

    summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(document.content).walk("VEVENT")}
    assert "Hạn: Triển khai thanh toán không dùng tiền mặt tại chợ xã" in summaries
    assert not any("Tuyên truyền" in s for s in summaries)  # not Phòng Kinh tế's


async def test_tiendo_sends_the_chart(world):
    core, _ = world
    replies = await core.handle(incoming(LEADER_KT, "/tiendo"))
    chart = replies[0].document
    assert chart.kind == "photo" and chart.content.startswith(b"\x89PNG")
    assert KT in replies[0].text


async def test_evidence_button_resends_the_file_to_people_who_may_see_the_task(world):
    core, ids = world
    details = await core.handle(incoming(LEADER_KT, action=f"td:{ids['task:A1.2']}"))
    evidence_button = button(details, "Minh chứng 20/8/2025")
    sent = await core.handle(incoming(LEADER_KT, action=evidence_button.action))
    assert sent[0].document.ref == "https://zalo.example/photo/wifi.jpg" and sent[0].document.kind == "photo"
    assert "Lê Văn Kiên" in sent[0].text
    # Phòng Văn hóa – Xã hội coordinates the task: its leader may open it too.
    again = await core.handle(incoming(LEADER_VHXH, action=evidence_button.action))
    assert again[0].document is not None
    assert BLOCKED_NOTE in details[-1].text  # the history above the buttons still quotes the note


async def test_forged_evidence_button_gets_nothing(world):
    core, ids = world
    forged = actions.build(Verb.EVIDENCE, ids["update:A2.1:done"])  # Phòng Kinh tế's task only
    for who in (MEMBER_VP, LEADER_VHXH):
        replies = await core.handle(incoming(who, action=forged))
        assert replies[0].document is None and "không có quyền" in replies[0].text
    details = await core.handle(incoming(MEMBER_VP, action=f"td:{ids['task:A2.1']}"))
    assert not any("Minh chứng" in b.label for b in buttons_of(details))
    no_file = actions.build(Verb.EVIDENCE, ids["update:A1.2:in_progress"])  # an update without a file
    assert "cũ" in (await core.handle(incoming(ADMIN, action=no_file)))[0].text


async def test_evidence_from_another_channel_is_explained_not_sent(world):
    core, ids = world
    telegram_file = actions.build(Verb.EVIDENCE, ids["update:A1.1:in_progress"])
    people_db.link_identity(core.db, ids["person:admin"], "zalo", "z-admin")
    replies = await core.handle(incoming("z-admin", action=telegram_file, channel="zalo"))
    assert replies[0].document is None and "Telegram" in replies[0].text
    on_telegram = await core.handle(incoming(ADMIN, action=telegram_file))
    assert on_telegram[0].document.ref == "BQACAgIAAxkBAAIBOWZ"


async def test_evidence_in_a_group_is_refused(world):
    core, ids = world
    forged = actions.build(Verb.EVIDENCE, ids["update:A2.1:done"])
    replies = await core.handle(incoming(ADMIN, action=forged, group=True, chat="-100"))
    assert replies[0].document is None


async def test_telegram_uploads_made_files_and_sends_photos_as_photos():
    from bot.chat import FileRef, Reply
    from handlers.telegram_render import render_reply, send_message_of

    class Bot:
        def __init__(self):
            self.calls = []

        async def send_photo(self, chat_id, photo, **kw):
            self.calls.append(("photo", photo, kw))

        async def send_document(self, chat_id, document, **kw):
            self.calls.append(("document", document, kw))

    bot = Bot()
    made = FileRef("document", "r.docx", "r.docx", content=b"PK\x03\x04")
    for reply in (Reply("Dự thảo", document=made), Reply("", document=FileRef("photo", "AgACAgIAAxk"))):
        for message in render_reply(reply):
            await send_message_of(bot, 5, message)
    (kind, upload, kw), (photo_kind, photo, _) = bot.calls
    assert kind == "document" and upload.filename == "r.docx" and upload.input_file_content == b"PK\x03\x04"
    assert kw["caption"] == "Dự thảo"
    assert photo_kind == "photo" and photo == "AgACAgIAAxk"  # a Telegram file id goes as it is


async def test_zalo_names_made_files_it_cannot_send_and_sends_evidence_photos_by_url(world):
    from handlers.zalo_render import render_replies

    core, ids = world
    people_db.link_identity(core.db, ids["person:leader_kt"], "zalo", "z-kt")
    chart = await core.handle(incoming("z-kt", "/tiendo", channel="zalo"))
    messages, _ = render_replies(chart, "vi")
    assert chart[0].document.content and "tien-do-2025-09-02.png" in messages[-1].text
    evidence = await core.handle(
        incoming("z-kt", action=actions.build(Verb.EVIDENCE, ids["update:A1.2:blocked"]), channel="zalo")
    )
    messages, _ = render_replies(evidence, "vi")
    assert messages[0].photo == "https://zalo.example/photo/wifi.jpg"
