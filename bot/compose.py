"""The composition root: opens the database, builds the assistant and the core, and installs every
feature from one list. The channel runtimes (`bot.app` for Telegram, `handlers.zalo*`, the terminal)
start from `build_core`; nothing registers at import time or from inside the core.
"""

from __future__ import annotations

from bot.assistant import Assistant
from bot.clock import Clock
from bot.config import Config
from bot.core import Core
from bot.features import (
    assignments,
    basics,
    broadcast,
    invites,
    language,
    onboarding,
    orgs_admin,
    people,
    plan_upload,
    plans_admin,
    progress_updates,
    questions,
    reminder_prefs,
    reporting,
    web_login,
)
from storage.db import open_db

# Every feature the bot has, in the order /help lists their commands.
FEATURES = (
    onboarding.FEATURE,
    questions.FEATURE,
    progress_updates.FEATURE,
    reminder_prefs.FEATURE,
    basics.FEATURE,
    invites.FEATURE,
    people.FEATURE,
    assignments.FEATURE,
    plan_upload.FEATURE,
    broadcast.FEATURE,
    reporting.FEATURE,
    language.FEATURE,
    plans_admin.FEATURE,
    orgs_admin.FEATURE,
    web_login.FEATURE,
)


def build_core(
    db,
    config: Config | None,
    clock: Clock | None = None,
    *,
    assistant=None,
    bot_username: str | None = None,
    features=FEATURES,
) -> Core:
    """The core over `db` with every feature installed (tests may pass a stand-in assistant)."""
    clock = clock or Clock()
    core = Core(
        db,
        assistant if assistant is not None else Assistant(db, clock),
        clock,
        config=config,
        bot_username=bot_username,
    )
    for feature in features:
        core.install(feature)
    return core


def open_core(config: Config, clock: Clock | None = None) -> Core:
    """Open the configured database and build the core over it."""
    return build_core(open_db(config.db_path), config, clock)
