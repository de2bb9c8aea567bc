"""Every button verb, in one place, with a readable name.

A verb is the first part of callback data (`bot.actions`): short, because Telegram allows 64 bytes,
and stable, because buttons sent last month must still work today. Features refer to verbs by these
names only; the core refuses to start when two features claim the same verb.
"""

from __future__ import annotations

from enum import StrEnum


class Verb(StrEnum):
    NOOP = "noop"

    # questions (bot.features.questions)
    TASK_DETAILS = "td"  # td:<task>
    ANSWER_PAGE = "pg"  # pg:<list key>:<page>

    # onboarding (bot.features.onboarding): a stranger asks to join, an admin decides
    REQUEST_ACCESS = "rq"  # rq
    REQUEST_APPROVE = "ra"  # ra:<request>
    REQUEST_UNITS_PAGE = "rp"  # rp:<request>:<page>[:<org>]
    REQUEST_UNIT = "ru"  # ru:<request>:<unit or 0>[:<org>]
    REQUEST_ROLE = "rr"  # rr:<request>:<unit or 0>:<role letter>[:<org>]
    REQUEST_REJECT = "rx"  # rx:<request>

    # invites (bot.features.invites)
    INVITE_UNITS_PAGE = "iu"  # iu:<page>
    INVITE_UNIT = "ic"  # ic:<unit or 0>
    INVITE_ROLE = "ir"  # ir:<unit or 0>:<role letter>

    # people (bot.features.people)
    USERS_PAGE = "ul"  # ul:<page>
    USER_VIEW = "uv"  # uv:<person>
    USER_ROLE = "us"  # us:<person>:<role letter>
    USER_ACTIVE = "ua"  # ua:<person>:<0|1>
    USER_UNITS_PAGE = "uu"  # uu:<person>:<page>
    USER_UNIT = "un"  # un:<person>:<unit>

    # assignments (bot.features.assignments)
    ASSIGN_TASK = "at"  # at:<flow>:<task>
    ASSIGN_PERSON = "ap"  # ap:<flow>:<person>

    # progress updates (bot.features.progress_updates)
    UPDATE_TASK = "pu"  # pu:<task>
    UPDATE_TASKS_PAGE = "pl"  # pl:<flow>:<page>
    UPDATE_PICK_TASK = "pt"  # pt:<flow>:<task>
    UPDATE_STATUS = "ps"  # ps:<flow>:<status letter>
    UPDATE_PERCENT = "pc"  # pc:<flow>:<percent>
    UPDATE_SKIP_NOTE = "pn"  # pn:<flow>
    UPDATE_SKIP_EVIDENCE = "pe"  # pe:<flow>
    UPDATE_CONFIRM = "pk"  # pk:<flow>
    UPDATE_CANCEL = "px"  # px:<flow>

    # broadcast (bot.features.broadcast)
    BROADCAST = "bc"  # bc:a:<kind> | bc:u:<unit> | bc:r:<role> | bc:p:<plan> | bc:ok:<draft> | bc:no

    # language (bot.features.language)
    LANGUAGE = "lg"  # lg:<vi|en>
    # plans for admins (bot.features.plans_admin)
    PLAN_REMOVE = "kr"  # kr:<plan>
    PLAN_REMOVE_CONFIRM = "ky"  # ky:<plan>
    PLAN_REMOVE_CANCEL = "kn"  # kn

    # reminder preferences (bot.features.reminder_prefs)
    MUTE_TASK = "mt"  # mt:<task>

    # reports (bot.features.reporting)
    REPORT = "bo"  # bo:<period code: 2025-08 | 2025-Q3 | 2025> | bo:ics
    EVIDENCE = "ev"  # ev:<status update>

    # re-ingest safety (bot.features.plan_upload): replacing a stored plan that loses tasks with history
    PLAN_REPLACE = "pr"  # pr:ok:<pending upload> | pr:no:<pending upload>

    # organizations in chat (bot.features.orgs_admin); a registration request placed in an organization
    ORGS_PAGE = "ol"  # ol:<page>
    ORG_VIEW = "ov"  # ov:<org>
    ORG_PARENTS_PAGE = "oq"  # oq:<org>:<page>
    ORG_SET_PARENT = "os"  # os:<org>:<parent org or 0: none>
    REQUEST_ORGS_PAGE = "rs"  # rs:<request>:<page>
    REQUEST_ORG = "ro"  # ro:<request>:<org>
