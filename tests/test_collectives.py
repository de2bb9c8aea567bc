"""Collective audiences ("Các phòng, ban, ngành", "UBND các xã, phường") are not units: never offered as one,
never in the registry; a task one leads is every unit's task, and a duty one reports reaches every unit's
leaders."""

from __future__ import annotations

from datetime import date

from bot.ingest import ingest_path
from knowledge.models import Deadline, ParsedPlan, ParsedTask, ReportingDuty
from knowledge.units import collective_kind
from storage import people as people_db
from storage.plans import ensure_unit, save_plan
from storage.progress import open_tasks_for, unit_progress
from storage.reminders import duty_recipient_ids, task_deadline_rows
from storage.tasks import TaskFilter, find_tasks
from storage.units import collective_audiences, unit_registry


def test_no_collective_phrase_in_the_seeds_unit_registry(fresh_db, seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        ingest_path(fresh_db, path)
    names = [u["name"] for u in unit_registry(fresh_db)]
    assert names
    assert [n for n in names if collective_kind(n) or n.lower().startswith("các ")] == []
    assert [n for _id, n in people_db.list_units(fresh_db) if collective_kind(n)] == []
    collectives = {c["name"]: c["kind"] for c in collective_audiences(fresh_db)}
    assert collectives["Các phòng, ban, ngành"] == "units"
    assert collectives["UBND các xã, phường, đặc khu"] == "communes"


def unit_id(db, name: str) -> int:
    """The stored unit of that name (the plan's organization's)."""
    return db.execute("SELECT id FROM units WHERE name = ? ORDER BY id", [name]).fetchone()[0]


def plan() -> ParsedPlan:
    return ParsedPlan(
        number="9/KH-UBND",
        issuer="UBND xã An Phú",
        issued_on=date(2026, 1, 5),
        tasks=[
            ParsedTask(
                "1", "Số hóa hồ sơ một cửa", lead="Phòng Kinh tế", deadline=Deadline("date", date(2026, 3, 1))
            ),
            ParsedTask("2", "Tập huấn kỹ năng số", lead="Công an xã", support=["Phòng Văn hóa – Xã hội"]),
            ParsedTask(
                "3",
                "Rà soát thủ tục hành chính",
                lead="Các phòng, ban, ngành",
                deadline=Deadline("date", date(2026, 3, 10)),
            ),
        ],
        duties=[
            ReportingDuty(
                "Các phòng, ban, ngành báo cáo kết quả hằng tháng", reporter="Các phòng, ban, ngành"
            )
        ],
    )


def test_a_task_led_by_a_collective_is_every_units_task(fresh_db):
    save_plan(fresh_db, plan())
    kinh_te = unit_id(fresh_db, "Phòng Kinh tế")
    van_hoa = unit_id(fresh_db, "Phòng Văn hóa – Xã hội")
    for unit in (kinh_te, van_hoa):
        mine = TaskFilter(unit_ids=(unit,), with_shared=True)  # "my tasks", /nhiemvu
        assert "Rà soát thủ tục hành chính" in [t["content"] for t in find_tasks(fresh_db, mine)]
        # "Phòng Kinh tế chủ trì những việc gì?" names what the unit itself leads.
        led = TaskFilter(unit_ids=(unit,), unit_role="lead")
        assert "Rà soát thủ tục hành chính" not in [t["content"] for t in find_tasks(fresh_db, led)]
        assert "Rà soát thủ tục hành chính" in [
            t["content"] for t in open_tasks_for(fresh_db, unit_id=unit, person_id=None)
        ]
        progress = unit_progress(fresh_db, unit, date(2026, 4, 1))
        assert "Rà soát thủ tục hành chính" in [t["content"] for t in progress]
    # Not a task of a unit of another plan.
    save_plan(
        fresh_db,
        ParsedPlan(
            number="10/KH-UBND",
            issuer="UBND xã Bình Minh",
            tasks=[ParsedTask("1", "Khác", lead="Sở Tư pháp")],
        ),
    )
    tu_phap = unit_id(fresh_db, "Sở Tư pháp")
    assert "Rà soát thủ tục hành chính" not in [
        t["content"] for t in find_tasks(fresh_db, TaskFilter(unit_ids=(tu_phap,), with_shared=True))
    ]


def test_the_collective_is_no_unit_to_pick(fresh_db):
    save_plan(fresh_db, plan())
    names = [n for _id, n in people_db.list_units(fresh_db)]
    assert "Các phòng, ban, ngành" not in names
    assert {"Phòng Kinh tế", "Công an xã", "Phòng Văn hóa – Xã hội"} <= set(names)


def test_reminders_of_a_collective_task_go_to_every_units_leaders(fresh_db):
    save_plan(fresh_db, plan())
    leaders = {
        people_db.add_person(fresh_db, name=name, role="leader", unit_id=unit_id(fresh_db, unit))
        for name, unit in (("An", "Phòng Kinh tế"), ("Bình", "Công an xã"), ("Chi", "Phòng Văn hóa – Xã hội"))
    }
    rows = task_deadline_rows(fresh_db, due_from="2026-03-10", due_to="2026-03-10")
    assert {r.person_id for r in rows} == leaders
    collective = unit_id(fresh_db, "Các phòng, ban, ngành")
    assert set(duty_recipient_ids(fresh_db, collective)) == leaders
    kinh_te = unit_id(fresh_db, "Phòng Kinh tế")
    assert len(duty_recipient_ids(fresh_db, kinh_te)) == 1


def test_ocr_variants_of_an_unregistered_unit_are_one_unit(fresh_db):
    first = ensure_unit(fresh_db, "Chi cục Thủy lợi tỉnh Bình An")
    assert ensure_unit(fresh_db, "Chi cuc Thuy loj tinh Binh An") == first
    assert ensure_unit(fresh_db, "Chi cục Kiểm lâm tỉnh Bình An") != first
    [unit] = [u for u in unit_registry(fresh_db) if u["id"] == first]
    assert unit["aliases"] == ["chi cuc thuy loj tinh binh an"]


async def test_tiendo_shows_no_collective_and_its_counts_add_up(fresh_db):
    import re

    from bot.compose import build_core
    from bot.config import Config
    from tests.core_fixtures import StubAssistant, clock, incoming

    save_plan(fresh_db, plan())
    core = build_core(fresh_db, Config(admins=("1",)), clock(), assistant=StubAssistant(fresh_db))
    await core.handle(incoming("1", "/start"))
    replies = await core.handle(incoming("1", "/tiendo"))
    text = "\n".join(r.text for r in replies)
    assert "Các phòng, ban, ngành</b>" not in text
    assert "<b>Phòng Kinh tế</b>" in text
    counts = re.findall(
        r"(\d+) nhiệm vụ: (\d+) hoàn thành, (\d+) đang thực hiện, (\d+) vướng mắc, (\d+) chưa bắt đầu", text
    )
    assert counts
    for total, *parts in counts:
        assert int(total) == sum(map(int, parts))
    # Phòng Kinh tế: its own task and the collective's.
    assert "2 nhiệm vụ" in text.split("<b>Phòng Kinh tế</b>")[1].split("<b>")[0]
