"""`planbot users add|list|import` and `planbot invite` for scripted set-ups."""

from __future__ import annotations

import csv
import dataclasses
import json
import sys

from bot.cli_orgs import org_arg
from storage import people as people_db
from storage.db import open_db, transaction
from storage.people import BadRole, UnitInManyOrgs, UnknownUnit

CSV_COLUMNS = ("telegram_id", "name", "unit", "role")


def _unit(db, text: str | None, role: str, org_id: int | None = None) -> int | None:
    if not text:
        if role != "admin":
            raise BadRole(f"{role} needs --unit")
        return None
    return people_db.resolve_unit(db, text, org_id)


def _many_orgs(exc: UnitInManyOrgs) -> int:
    print(
        f"unit {exc.text!r} exists in several organizations: {'; '.join(exc.orgs)}; add --org",
        file=sys.stderr,
    )
    return 1


def cmd_users_add(args) -> int:
    db = open_db(args.db)
    if not args.telegram_id.lstrip("-").isdigit():
        print(f"--telegram-id must be a number, got {args.telegram_id!r}", file=sys.stderr)
        return 2
    org_id = org_arg(db, args.org)
    try:
        unit_id = _unit(db, args.unit, args.role, org_id)
        person_id = people_db.add_user(
            db,
            channel="telegram",
            external_id=args.telegram_id,
            name=args.name,
            role=args.role,
            unit_id=unit_id,
            org_id=org_id,
        )
    except UnitInManyOrgs as exc:
        return _many_orgs(exc)
    except UnknownUnit as exc:
        print(
            f"unknown unit {str(exc)!r}: units come from ingested plans (see `planbot users list`)",
            file=sys.stderr,
        )
        return 1
    except BadRole as exc:
        print(f"bad role: {exc} (admin needs no unit; leader and member need --unit)", file=sys.stderr)
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
        print("no users yet (planbot users add ... or planbot invite ...)", file=sys.stderr)
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
                    f"{args.file}: missing column(s) {', '.join(missing)} (need {','.join(CSV_COLUMNS)})",
                    file=sys.stderr,
                )
                return 1
            rows = [(reader.line_num, row) for row in reader]
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    except (UnicodeDecodeError, csv.Error) as exc:
        print(f"{args.file}: not a UTF-8 CSV file ({exc})", file=sys.stderr)
        return 1
    problems, ready = [], []
    for line, row in rows:
        tid = (row.get("telegram_id") or "").strip()
        name = (row.get("name") or "").strip()
        role = (row.get("role") or "member").strip().lower()
        unit = (row.get("unit") or "").strip()
        if not tid.lstrip("-").isdigit():
            problems.append(f"line {line}: telegram_id must be a number, got {tid!r}")
            continue
        if not name:
            problems.append(f"line {line}: name is empty")
            continue
        try:
            unit_id = _unit(db, unit, role)
            people_db.check_role(role, unit_id)
        except (UnknownUnit, UnitInManyOrgs):
            problems.append(f"line {line}: unknown unit {unit!r} (or one of several organizations)")
            continue
        except BadRole:
            problems.append(
                f"line {line}: role must be admin, leader or member (leader/member need a unit), got {role!r}"
            )
            continue
        ready.append((tid, name, role, unit_id))
    if problems:
        for problem in problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(f"nothing imported ({len(problems)} problem(s)); fix the file and run again", file=sys.stderr)
        return 1
    with transaction(db):
        for tid, name, role, unit_id in ready:
            people_db.add_user(db, channel="telegram", external_id=tid, name=name, role=role, unit_id=unit_id)
    print(f"imported {len(ready)} user(s)")
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
        print("could not ask Telegram for the bot's username (set TELEGRAM_BOT_USERNAME)", file=sys.stderr)
        return None


def cmd_invite(args) -> int:
    db = open_db(args.db)
    org_id = org_arg(db, args.org)
    try:
        unit_id = _unit(db, args.unit, args.role, org_id)
        code = people_db.create_invite(db, unit_id=unit_id, role=args.role, org_id=org_id)
    except UnitInManyOrgs as exc:
        return _many_orgs(exc)
    except UnknownUnit as exc:
        print(f"unknown unit {str(exc)!r}: units come from ingested plans", file=sys.stderr)
        return 1
    except BadRole as exc:
        print(f"bad role: {exc} (leader and member need --unit)", file=sys.stderr)
        return 1
    username = _bot_username(args)
    print(f"https://t.me/{username}?start={code}" if username else f"/start {code}")
    return 0


def register(subparsers) -> None:
    users = subparsers.add_parser("users", help="add, list and import users")
    sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add or update a Telegram user")
    add.add_argument("--telegram-id", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--unit", default=None, help="unit name as in the plans (not needed for admins)")
    add.add_argument("--role", choices=people_db.ROLES, default="member")
    add.add_argument("--org", default=None, help="organization (needed only when several have the unit)")
    add.set_defaults(func=cmd_users_add)
    listing = sub.add_parser("list", help="list users")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_users_list)
    imp = sub.add_parser(
        "import", help="import users from a CSV (telegram_id,name,unit,role): all or nothing"
    )
    imp.add_argument("file")
    imp.set_defaults(func=cmd_users_import)
    invite = subparsers.add_parser("invite", help="make a one-time invite link for a unit and role")
    invite.add_argument("--unit", default=None)
    invite.add_argument("--role", choices=people_db.ROLES, default="member")
    invite.add_argument("--org", default=None, help="organization (needed only when several have the unit)")
    invite.set_defaults(func=cmd_invite)
