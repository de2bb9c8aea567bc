"""`planbot users add|list|import` and `planbot invite` for scripted set-ups. Units are typed as
`planbot ask --unit` takes them (names with or without diacritics, abbreviations such as VHXH)."""

from __future__ import annotations

import csv
import dataclasses
import json
import sys

from rapidfuzz import fuzz, process

from bot.cli_orgs import org_arg
from knowledge.fold import fold_words
from storage import people as people_db
from storage.db import open_db, transaction
from storage.people import BadRole, UnitInManyOrgs, UnknownUnit
from storage.search import Searcher

CSV_COLUMNS = ("telegram_id", "name", "unit", "role")
MAX_ABBREVIATION = 8  # letters of a unit abbreviation typed alone (VHXH, TTPVHCC)


def _unit(db, text: str | None, role: str, org_id: int | None = None) -> int | None:
    """The unit `text` names, typed as `ask --unit` takes it: its name, with or without diacritics, or an
    abbreviation ("VHXH", "Phòng VHXH")."""
    if not text:
        if role != "admin":
            raise BadRole(f"{role} needs --unit")
        return None
    try:
        return people_db.resolve_unit(db, text, org_id)
    except UnknownUnit:
        ref = Searcher(db).unit_by_name(text)
        # Only an abbreviation ("VHXH") or words that all named the unit ("van hoa xa hoi"): a person
        # filed under a merely similar unit ("Văn phòng Đảng ủy" for "Văn phòng HĐND và UBND") would get
        # the wrong reminders.
        typed = fold_words(text).split()
        abbreviation = len(typed) == 1 and len(typed[0]) <= MAX_ABBREVIATION
        if ref is None or not (abbreviation or set(typed) <= set(ref.words)):
            raise
        return ref.id


def _many_orgs(exc: UnitInManyOrgs) -> int:
    print(
        f"đơn vị {exc.text!r} có ở nhiều tổ chức: {'; '.join(exc.orgs)}; thêm --org",
        file=sys.stderr,
    )
    return 1


def _units_command(args) -> str | None:
    """The command that lists units, if this build has one (`planbot units list`)."""
    commands = getattr(args, "commands", None)
    return "planbot units list" if commands is not None and "units" in commands.choices else None


def _unknown_unit(db, text: str, args) -> str:
    """Say the unit is unknown, with the closest names and where to see them all."""
    names = [name for _, name in people_db.list_units(db)]
    close = [
        name for name, _, _ in process.extract(text, names, scorer=fuzz.WRatio, limit=5, score_cutoff=60)
    ]
    lines = [f"không có đơn vị «{text}» (đơn vị lấy từ các kế hoạch đã nạp)."]
    if close:
        lines.append("Gần giống: " + "; ".join(close) + ".")
    elif not names:
        lines.append("Chưa có đơn vị nào: hãy nạp kế hoạch trước (planbot ingest TỆP).")
    listing = _units_command(args)
    if listing and names:
        lines.append(f"Xem mọi đơn vị: {listing}")
    elif names:
        lines.append("Mọi đơn vị: " + "; ".join(names[:40]) + (" …" if len(names) > 40 else ""))
    return "\n".join(lines)


def cmd_users_add(args) -> int:
    """Add or update a person by their Telegram and/or Zalo account (one person for both)."""
    db = open_db(args.db)
    if not args.telegram_id and not args.zalo_id:
        print("cần --telegram-id hoặc --zalo-id (hoặc cả hai)", file=sys.stderr)
        return 2
    if args.telegram_id and not args.telegram_id.lstrip("-").isdigit():
        print(f"--telegram-id phải là một số, không phải {args.telegram_id!r}", file=sys.stderr)
        return 2
    org_id = org_arg(db, args.org)
    accounts = [("telegram", args.telegram_id), ("zalo", (args.zalo_id or "").strip())]
    accounts = [(channel, external) for channel, external in accounts if external]
    try:
        unit_id = _unit(db, args.unit, args.role, org_id)
        with transaction(db):
            existing = [people_db.find_by_identity(db, channel, external) for channel, external in accounts]
            people = {p.id for p in existing if p is not None}
            if len(people) > 1:
                print(
                    "hai tài khoản này đang thuộc về hai người khác nhau; không thay đổi gì", file=sys.stderr
                )
                return 1
            channel, external = accounts[0]
            if people:  # update the person one of the accounts already belongs to
                channel, external = next((c, e) for (c, e), p in zip(accounts, existing, strict=True) if p)
            person_id = people_db.add_user(
                db,
                channel=channel,
                external_id=external,
                name=args.name,
                role=args.role,
                unit_id=unit_id,
                org_id=org_id,
            )
            for other_channel, other_external in accounts:
                if (other_channel, other_external) != (channel, external):
                    people_db.link_identity(db, person_id, other_channel, other_external)
    except UnitInManyOrgs as exc:
        return _many_orgs(exc)
    except UnknownUnit:
        print(_unknown_unit(db, args.unit, args), file=sys.stderr)
        return 1
    except BadRole as exc:
        print(
            f"vai trò không hợp lệ: {exc} (admin không cần đơn vị; leader và member cần --unit)",
            file=sys.stderr,
        )
        return 1
    person = people_db.get_person(db, person_id)
    print(f"{person.id}\t{person.name}\t{person.role}\t{person.unit_name or ''}\t{person.org_name or ''}")
    return 0


def _person_json(db, person) -> dict:
    data = dataclasses.asdict(person)
    data["identities"] = people_db.identities_of(db, person.id)
    return data


def cmd_users_list(args) -> int:
    db = open_db(args.db)
    everyone = people_db.list_people(db)
    if args.json:
        print(json.dumps([_person_json(db, p) for p in everyone], ensure_ascii=False, indent=2))
        return 0
    for person in everyone:
        ids = ",".join(f"{i['channel']}:{i['external_id']}" for i in people_db.identities_of(db, person.id))
        state = "" if person.active else "\tinactive"
        print(f"{person.id}\t{person.name}\t{person.role}\t{person.unit_name or '-'}\t{ids}{state}")
    if not everyone:
        print("chưa có người dùng nào (planbot users add ... hoặc planbot invite ...)", file=sys.stderr)
    return 0


def cmd_users_import(args) -> int:
    """All rows or none: every problem is reported with its line number first."""
    db = open_db(args.db)
    try:
        with open(args.file, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                print(
                    f"{args.file}: thiếu cột {', '.join(missing)} (cần {','.join(CSV_COLUMNS)})",
                    file=sys.stderr,
                )
                return 1
            rows = [(reader.line_num, row) for row in reader]
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    except (UnicodeDecodeError, csv.Error) as exc:
        print(f"{args.file}: không phải tệp CSV UTF-8 ({exc})", file=sys.stderr)
        return 1
    problems, ready = [], []
    for line, row in rows:
        tid = (row.get("telegram_id") or "").strip()
        name = (row.get("name") or "").strip()
        role = (row.get("role") or "member").strip().lower()
        unit = (row.get("unit") or "").strip()
        if not tid.lstrip("-").isdigit():
            problems.append(f"dòng {line}: telegram_id phải là một số, không phải {tid!r}")
            continue
        if not name:
            problems.append(f"dòng {line}: thiếu họ tên")
            continue
        try:
            unit_id = _unit(db, unit, role)
            people_db.check_role(role, unit_id)
        except UnknownUnit:
            problems.append(f"dòng {line}: không có đơn vị {unit!r}")
            continue
        except UnitInManyOrgs:
            problems.append(f"dòng {line}: đơn vị {unit!r} có ở nhiều tổ chức")
            continue
        except BadRole:
            problems.append(
                f"dòng {line}: vai trò phải là admin, leader hoặc member (leader/member cần đơn vị), không phải {role!r}"
            )
            continue
        ready.append((tid, name, role, unit_id))
    if problems:
        for problem in problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(f"không nhập gì ({len(problems)} lỗi); sửa tệp rồi chạy lại", file=sys.stderr)
        return 1
    with transaction(db):
        for tid, name, role, unit_id in ready:
            people_db.add_user(db, channel="telegram", external_id=tid, name=name, role=role, unit_id=unit_id)
    print(f"đã nhập {len(ready)} người dùng")
    return 0


def _bot_username(args) -> str | None:
    from bot.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as exc:
        print(f"planbot: config error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    if config.telegram_bot_username:
        return config.telegram_bot_username
    if not config.telegram_token:
        return None
    import httpx

    url = f"{config.telegram_base_url()}{config.telegram_token.get_secret_value()}/getMe"
    try:
        response = httpx.get(url, timeout=10)
        return response.json()["result"]["username"]
    except Exception:  # offline: print the /start form instead (the URL holds the token: never log it)
        print("không hỏi được Telegram tên bot (đặt TELEGRAM_BOT_USERNAME)", file=sys.stderr)
        return None


def cmd_invite(args) -> int:
    db = open_db(args.db)
    org_id = org_arg(db, args.org)
    try:
        unit_id = _unit(db, args.unit, args.role, org_id)
        code = people_db.create_invite(db, unit_id=unit_id, role=args.role, org_id=org_id)
    except UnitInManyOrgs as exc:
        return _many_orgs(exc)
    except UnknownUnit:
        print(_unknown_unit(db, args.unit, args), file=sys.stderr)
        return 1
    except BadRole as exc:
        print(f"vai trò không hợp lệ: {exc} (leader và member cần --unit)", file=sys.stderr)
        return 1
    username = _bot_username(args)
    print(f"https://t.me/{username}?start={code}" if username else f"/start {code}")
    return 0


def register(subparsers) -> None:
    users = subparsers.add_parser("users", help="người dùng: thêm, liệt kê, nhập từ CSV")
    sub = users.add_subparsers(dest="users_command", metavar="VIỆC", required=True)
    add = sub.add_parser("add", help="thêm hoặc cập nhật một người (tài khoản Telegram và/hoặc Zalo)")
    add.add_argument("--telegram-id", default=None, help="mã số Telegram của người đó (xem README)")
    add.add_argument("--zalo-id", default=None, help="mã người dùng Zalo (from.id trong tin nhắn gửi bot)")
    add.add_argument("--name", required=True, help="họ tên")
    add.add_argument(
        "--unit",
        default=None,
        help="đơn vị: tên như trong kế hoạch, có hoặc không dấu, hoặc viết tắt (VHXH); admin không cần",
    )
    add.add_argument("--role", choices=people_db.ROLES, default="member", help="vai trò (mặc định: member)")
    add.add_argument("--org", default=None, help="tổ chức (chỉ cần khi nhiều tổ chức có đơn vị này)")
    add.set_defaults(func=cmd_users_add, commands=subparsers)
    listing = sub.add_parser("list", help="liệt kê người dùng")
    listing.add_argument("--json", action="store_true", help="in dạng JSON")
    listing.set_defaults(func=cmd_users_list)
    imp = sub.add_parser(
        "import", help="nhập người dùng từ CSV (telegram_id,name,unit,role): tất cả hoặc không gì cả"
    )
    imp.add_argument("file", metavar="TỆP", help="tệp CSV UTF-8")
    imp.set_defaults(func=cmd_users_import)
    invite = subparsers.add_parser("invite", help="tạo mã mời dùng một lần cho một đơn vị và vai trò")
    invite.add_argument("--unit", default=None, help="đơn vị (tên hoặc viết tắt); admin không cần")
    invite.add_argument(
        "--role", choices=people_db.ROLES, default="member", help="vai trò (mặc định: member)"
    )
    invite.add_argument("--org", default=None, help="tổ chức (chỉ cần khi nhiều tổ chức có đơn vị này)")
    invite.set_defaults(func=cmd_invite, commands=subparsers)
