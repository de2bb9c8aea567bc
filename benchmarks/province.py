"""A province on one bot, built through the project's own storage functions (no SQL here): a city with
N communes under it, each with its own plan, units of the same names ("Phòng Kinh tế" in every commune),
a monthly reporting duty and people in its units; plus city plans whose tasks fall on "UBND các xã,
phường, đặc khu" (each commune's own task, with its own status in task_org_status) or on the city's
departments. Dates are spread around `today`, so a tick at `today` has reminders due for many people.

Used by benchmarks.bench_delivery (`--orgs N`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from knowledge.models import Deadline, ParsedPlan, ParsedTask, ReportingDuty
from storage import orgs as orgs_db
from storage import people as people_db
from storage import progress
from storage import reminders as reminder_store
from storage.db import transaction
from storage.plans import prepare_plan, save_plans

CITY_ISSUER = "UBND thành phố Hải Phòng"
EVERY_COMMUNE = "UBND các xã, phường, đặc khu"
COMMUNE_UNITS = (
    "Phòng Kinh tế",
    "Phòng Văn hóa – Xã hội",
    "Văn phòng HĐND và UBND",
    "Trung tâm Phục vụ hành chính công",
    "Công an xã",
)
CITY_DEPARTMENTS = ("Sở Nội vụ", "Sở Khoa học và Công nghệ", "Sở Tài chính")
_FIRST = [
    "Kim",
    "Bình",
    "Hòa",
    "Tân",
    "Phú",
    "Long",
    "An",
    "Minh",
    "Thịnh",
    "Hưng",
    "Thành",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Vĩnh",
    "Quang",
    "Hồng",
    "Tiên",
    "Lạc",
    "Thủy",
    "Trung",
    "Hải",
    "Sơn",
    "Lâm",
    "Hà",
    "Thái",
    "Đức",
    "Phúc",
    "Lợi",
    "Nghĩa",
    "Thuận",
    "Hợp",
    "Tiến",
    "Đại",
    "Cát",
    "Mỹ",
    "Ngọc",
    "Kiến",
    "Hiệp",
    "Xuân",
]
_SECOND = [
    "Thành",
    "Minh",
    "An",
    "Sơn",
    "Lộc",
    "Hải",
    "Phong",
    "Hưng",
    "Tân",
    "Hòa",
    "Lợi",
    "Phú",
    "Bình",
    "Thịnh",
    "Long",
    "Giang",
    "Lâm",
    "Tiến",
    "Đồng",
    "Hà",
    "Trung",
    "Quang",
    "Vinh",
    "Lạc",
    "Hồ",
    "Khê",
    "Đông",
    "Cường",
    "Mỹ",
    "Hiệp",
    "Xá",
    "Dương",
    "Hoa",
    "Thủy",
    "Châu",
]


@dataclass
class Province:
    """What was built: ids the benchmark and its checks need."""

    city: int
    communes: list[int] = field(default_factory=list)
    people: int = 0
    tasks: int = 0
    shared_tasks: list[int] = field(default_factory=list)
    shared_done: int = 0  # commune instances of shared tasks marked done
    assignments: int = 0


def commune_names(count: int) -> list[str]:
    """`count` distinct commune names ("xã Kim Thành", "phường Long An"), the same for the same count."""
    names = []
    for i in range(count):
        level = "phường" if i % 4 == 3 else "xã"
        first = _FIRST[i % len(_FIRST)]
        second = _SECOND[(i // len(_FIRST)) % len(_SECOND)]
        rank = i // (len(_FIRST) * len(_SECOND))
        names.append(f"{level} {first} {second}" + (f" {rank + 1}" if rank else ""))
    return names


def _deadline(rng: random.Random, today: date) -> Deadline:
    roll = rng.random()
    if roll < 0.1:
        return Deadline("recurring", None, text="thường xuyên", recurring=True)
    due = today + timedelta(days=rng.randint(-200, 400))
    if roll < 0.2:
        return Deadline("month", due, text=f"tháng {due.month}/{due.year}")
    return Deadline("date", due, text=due.strftime("%d/%m/%Y"))


def _commune_plan(index: int, name: str, tasks: int, rng: random.Random, today: date) -> ParsedPlan:
    parsed = [
        ParsedTask(
            f"{k // 10 + 1}.{k % 10 + 1}",
            f"{name} nhiệm vụ chuyển đổi số {k + 1}: số hóa hồ sơ, dữ liệu và dịch vụ công",
            lead=COMMUNE_UNITS[k % len(COMMUNE_UNITS)],
            support=[COMMUNE_UNITS[(k + 1) % len(COMMUNE_UNITS)]] if k % 3 == 0 else [],
            deadline=_deadline(rng, today),
            position=k,
        )
        for k in range(tasks)
    ]
    return ParsedPlan(
        number=f"{index + 1}/KH-UBND",
        issuer=f"UBND {name}",
        title="Kế hoạch thực hiện Nghị quyết 57-NQ/TW về chuyển đổi số",
        tasks=parsed,
        duties=[
            ReportingDuty(
                "Phòng Kinh tế báo cáo kết quả thực hiện hằng tháng",
                reporter="Phòng Kinh tế",
                frequency="monthly",
                day=rng.randint(1, 28),
            )
        ],
    )


def _city_plans(count: int, rng: random.Random, today: date) -> list[ParsedPlan]:
    """Two city plans; about half their tasks fall on every commune. Two shared tasks are due within the
    week, so every commune's admin and leaders have a city task in the tick."""
    plans = []
    per_plan = max(count // 2, 2)
    for p in range(2):
        tasks = []
        for k in range(per_plan):
            lead = EVERY_COMMUNE if k % 2 == 0 else CITY_DEPARTMENTS[k % len(CITY_DEPARTMENTS)]
            deadline = _deadline(rng, today)
            if p == 0 and k in (0, 2):
                due = today + timedelta(days=3 if k == 0 else 6)
                deadline = Deadline("date", due, text=due.strftime("%d/%m/%Y"))
            tasks.append(
                ParsedTask(
                    f"{k + 1}",
                    f"Thành phố triển khai nền tảng số dùng chung {p + 1}.{k + 1}",
                    lead=lead,
                    deadline=deadline,
                    position=k,
                )
            )
        plans.append(
            ParsedPlan(
                number=f"{238 + p}/KH-UBND",
                issuer=CITY_ISSUER,
                title="Kế hoạch chuyển đổi số thành phố",
                tasks=tasks,
            )
        )
    return plans


def build_province(
    db, *, orgs: int, tasks: int, people: int, today: date, seed: int = 57, city_tasks: int = 200
) -> Province:
    """A city and `orgs` communes holding about `tasks` tasks and `people` people in all (see module doc)."""
    rng = random.Random(seed)
    names = commune_names(orgs)
    per_commune = max(-(-(tasks - city_tasks) // orgs), 1)  # rounded up: at least `tasks` in all
    batch = []
    built_tasks = city_tasks
    for i, name in enumerate(names):
        plan = _commune_plan(i, name, per_commune, rng, today)
        batch.append((plan, None, prepare_plan(plan)))
        built_tasks += len(plan.tasks)
        if len(batch) == 200 or i == orgs - 1:
            save_plans(db, batch, all_new=True)
            batch = []
    save_plans(db, [(plan, None, None) for plan in _city_plans(city_tasks, rng, today)], all_new=True)
    city = orgs_db.resolve_org(db, "thành phố Hải Phòng")
    built = Province(city=city, tasks=built_tasks)
    with transaction(db):
        built.communes = [orgs_db.resolve_org(db, name) for name in names]
        for commune in built.communes:
            orgs_db.set_parent(db, commune, city)
        built.people = _add_people(db, built, max(people // orgs, len(COMMUNE_UNITS) + 1), rng)
        built.assignments, built.shared_done = _add_work(db, built, rng)
    return built


def _add_people(db, built: Province, per_commune: int, rng: random.Random) -> int:
    """Per commune: an admin, a leader per unit, members in its units; the city's admin; one admin of the
    whole deployment (no organization). Each has a Telegram identity."""
    count = 0

    def add(name, role, unit_id, org_id):
        nonlocal count
        count += 1
        people_db.add_user(
            db,
            channel="telegram",
            external_id=str(10_000_000 + count),
            name=name,
            role=role,
            unit_id=unit_id,
            org_id=org_id,
        )

    add("Quản trị hệ thống", "admin", None, None)
    add("Quản trị thành phố", "admin", None, built.city)
    for n, commune in enumerate(built.communes):
        units = [people_db.resolve_unit(db, unit, commune) for unit in COMMUNE_UNITS]
        add(f"Quản trị xã {n}", "admin", None, commune)
        for k, unit in enumerate(units):
            add(f"Trưởng phòng {n}.{k}", "leader", unit, commune)
        for k in range(per_commune - 1 - len(units)):
            add(f"Cán bộ {n}.{k}", "member", units[k % len(units)], commune)
    return count


def _add_work(db, built: Province, rng: random.Random) -> tuple[int, int]:
    """Assignments (a third of each commune's tasks to one of its people), statuses (a tenth done, a tenth
    in progress), each commune's status of the shared tasks (a fifth finished the first one due), and
    a thousand mutes."""
    assignments = 0
    task_ids: list[int] = []
    for commune in built.communes:
        members = {
            p.unit_id: p.id for p in people_db.list_people(db, org_ids=[commune]) if p.unit_id is not None
        }
        for task in progress.all_open_tasks(db, [commune]):
            task_ids.append(task["id"])
            roll = rng.random()
            if roll < 0.1:
                progress.record_update(db, task_id=task["id"], person_id=None, status="done", percent=100)
            elif roll < 0.2:
                progress.record_update(
                    db, task_id=task["id"], person_id=None, status="in_progress", percent=40
                )
            if rng.random() < 1 / 3 and task["lead_unit_id"] in members:
                assignments += progress.assign(db, task["id"], members[task["lead_unit_id"]], by=None)
    shared = progress.shared_tasks(db, [built.city], built.communes[0])
    built.shared_tasks = [t["id"] for t in shared]
    first_due = min(shared, key=lambda t: t["due_date"] or "9999")["id"] if shared else None
    done = 0
    for commune in built.communes:
        if first_due is not None and rng.random() < 0.2:
            progress.record_update(
                db, task_id=first_due, person_id=None, status="done", percent=100, org_id=commune
            )
            done += 1
    people = built.people
    for _ in range(1000):
        reminder_store.mute_task(db, rng.randint(1, people), rng.choice(task_ids))
    return assignments, done
