"""A small world for the dashboard's tests: two plans ingested the way `planbot ingest` does (the sample
plan and a plan with doubtful tasks), an admin, a leader and a member of two different units, a status
update with an evidence file, a frozen clock, and helpers to log in through a one-time link."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot import web_auth
from bot.clock import VN_TZ, FixedClock
from bot.config import Config
from bot.ingest import ingest_path
from bot.web_runtime import build_dashboard
from handlers.web.app import create_app
from storage import people as people_db
from storage.db import open_db
from storage.progress import record_update

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PLAN = ROOT / "bot" / "data" / "sample_plan.txt"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)
BOT_TOKEN = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef"
EVIDENCE_BYTES = b"%PDF-1.4 bien ban hop trien khai"

# Task 2 has a collective lead and hostile markup; task 3 has no deadline.
REVIEW_PLAN = """ỦY BAN NHÂN DÂN
XÃ AN PHÚ
Số: 205/KH-UBND                        An Phú, ngày 1 tháng 10 năm 2026

KẾ HOẠCH
Thí điểm theo dõi nhiệm vụ chuyển đổi số trên bảng điều khiển

II. NHIỆM VỤ
1. Phòng Kinh tế chủ trì triển khai thanh toán không dùng tiền mặt tại chợ xã. Hoàn thành trước 30/11/2026.
2. Các phòng, ban, đơn vị chủ trì rà soát quy trình nội bộ <script>alert(1)</script> để số hóa hồ sơ. Hoàn thành trước 15/12/2026.
3. Văn phòng HĐND và UBND chủ trì cập nhật cơ sở dữ liệu cán bộ, công chức.
4. Phòng Văn hóa – Xã hội chủ trì tổ chức ngày hội chuyển đổi số. Hoàn thành trước 20/11/2026.
"""


@dataclass
class World:
    db: object
    clock: FixedClock
    config: Config
    dashboard: object
    plan_file: Path
    admin: people_db.Person
    leader: people_db.Person  # Phòng Kinh tế
    member: people_db.Person  # Phòng Văn hóa – Xã hội
    economy: int
    culture: int
    economy_task: int  # led by Phòng Kinh tế, with an update and evidence
    culture_task: int  # led by Phòng Văn hóa – Xã hội
    script_task: int  # the collective lead with <script> in its text
    update_id: int

    def task_id(self, content_start: str) -> int:
        row = self.db.execute("SELECT id FROM tasks WHERE content LIKE ?", [content_start + "%"]).fetchone()
        return row[0]

    def reingest(self):
        return ingest_path(self.db, self.plan_file)


async def fake_fetch(ref) -> bytes:
    if ref.ref != "tg-file-1":
        raise LookupError(ref.ref)
    return EVIDENCE_BYTES


def make_world(tmp_path: Path, *, web_url: str = "http://testserver") -> World:
    db = open_db(tmp_path / "web.db")
    clock = FixedClock(NOW)
    plan_file = tmp_path / "ke-hoach-205.txt"
    plan_file.write_text(REVIEW_PLAN, encoding="utf-8")
    ingest_path(db, SAMPLE_PLAN)
    ingest_path(db, plan_file)
    economy = people_db.resolve_unit(db, "Phòng Kinh tế")
    culture = people_db.resolve_unit(db, "Phòng Văn hóa – Xã hội")

    def person(name, role, unit, telegram_id):
        person_id = people_db.add_person(db, name=name, role=role, unit_id=unit)
        people_db.link_identity(db, person_id, "telegram", telegram_id, telegram_id)
        return people_db.get_person(db, person_id)

    admin = person("Chánh Văn phòng", "admin", None, "1001")
    leader = person("Trưởng phòng Kinh tế", "leader", economy, "1002")
    member = person("Cán bộ Văn hóa", "member", culture, "1003")
    config = Config(telegram_token=None, web_url=web_url, web_port=8080)
    config = Config(**{**config.__dict__, "telegram_token": _secret(BOT_TOKEN)})
    dashboard = build_dashboard(db, config, clock, fetch_file=fake_fetch)
    world = World(
        db=db,
        clock=clock,
        config=config,
        dashboard=dashboard,
        plan_file=plan_file,
        admin=admin,
        leader=leader,
        member=member,
        economy=economy,
        culture=culture,
        economy_task=0,
        culture_task=0,
        script_task=0,
        update_id=0,
    )
    world.economy_task = world.task_id("Phòng Kinh tế chủ trì triển khai thanh toán")
    world.culture_task = world.task_id("Phòng Văn hóa – Xã hội chủ trì tổ chức ngày hội")
    world.script_task = world.task_id("Các phòng, ban, đơn vị chủ trì rà soát")
    world.update_id = record_update(
        db,
        task_id=world.economy_task,
        person_id=leader.id,
        status="in_progress",
        percent=40,
        note="Đã họp triển khai với ban quản lý chợ",
        evidence_kind="document",
        evidence_ref="tg-file-1",
        channel="telegram",
        now=NOW,
    )
    return world


def _secret(value: str):
    from bot.config import Secret

    return Secret(value)


def test_client(app, **kwargs):
    """Starlette's TestClient (which still runs on httpx and says so at import: nothing to act on)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from starlette.testclient import TestClient

    return TestClient(app, follow_redirects=False, **kwargs)


def client_for(world: World):
    return test_client(create_app(world.dashboard))


def login(client, world: World, person) -> str:
    """Log `person` in through a one-time link; returns the session's CSRF token."""
    token = web_auth.issue_link(world.db, person, world.clock.now())
    page = client.get(f"/login/{token}")
    assert page.status_code == 200, page.text
    csrf = client.cookies.get("planbot_pre")
    done = client.post(f"/login/{token}", data={"csrf": csrf})
    assert done.status_code == 303, done.text
    return world.dashboard.session(client.cookies.get("planbot_session"))[1]
