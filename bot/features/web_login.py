"""Opening the web dashboard from chat: `/web` gives a one-time login link (valid 10 minutes) that
starts a session in any browser, for Telegram and Zalo users alike."""

from __future__ import annotations

import html

from bot.chat import Incoming, Reply
from bot.feature import Command, Feature
from bot.web_auth import LINK_TTL, issue_link
from knowledge.messages import t
from storage.people import Person


async def send_web_link(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Send a one-time link that logs this person in to the dashboard."""
    lang = core.lang(incoming, person)
    base = core.config.web_base_url() if core.config is not None else None
    if not base:
        return [Reply(t(lang, "web.not_configured"))]
    token = issue_link(core.db, person, core.clock.now())
    link = f"{base.rstrip('/')}/login/{token}"
    minutes = int(LINK_TTL.total_seconds() // 60)
    return [Reply(t(lang, "web.link", link=html.escape(link), minutes=minutes))]


FEATURE = Feature(
    name="web_login",
    commands=(Command("web", send_web_link, private=True, description="web.cmd"),),
)
