"""The language a person is answered in: /language (vi or en), typed or picked from two buttons. The choice
is stored on the person and wins over the language their chat client reports; reminders, alerts and
reports to them use it too."""

from __future__ import annotations

from bot import actions
from bot.chat import Button, Incoming, Reply
from bot.feature import ButtonAction, Command, Feature
from bot.verbs import Verb
from knowledge.fold import fold_words
from knowledge.messages import LANGUAGES, t
from storage import people as people_db
from storage.people import Person

# Each language's name written in itself, so a person who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
ALIASES = {
    **{word: "vi" for word in ("vi", "vn", "viet", "tiengviet", "vietnamese")},
    **{word: "en" for word in ("en", "english", "anh", "tienganh")},
}


def _choice(text: str) -> str | None:
    """The language a typed argument names ("en", "English", "tiếng Việt", "vi-VN"), or None."""
    words = fold_words(text).split()
    return ALIASES.get("".join(words)) or (ALIASES.get(words[0]) if words else None)


def _buttons() -> list[list[Button]]:
    return [[Button(LANGUAGE_NAMES[code], actions.build(Verb.LANGUAGE, code)) for code in LANGUAGES]]


def _set(core, person: Person, language: str) -> list[Reply]:
    people_db.choose_language(core.db, person.id, language)
    return [Reply(t(language, "language.saved", name=LANGUAGE_NAMES[language]))]


async def choose_language(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Show or set the language replies come in: `/language en`, or pick a button."""
    lang = core.lang(incoming, person)
    arg = core.command_args(incoming)
    if not arg:
        current = LANGUAGE_NAMES[lang]
        return [Reply(t(lang, "language.ask", name=current), buttons=_buttons())]
    language = _choice(arg)
    if language is None:
        return [Reply(t(lang, "language.unknown", choices=", ".join(LANGUAGES)), buttons=_buttons())]
    return _set(core, person, language)


async def press_language(core, incoming: Incoming, person: Person) -> list[Reply]:
    """Set the language from its button."""
    language = actions.parse(incoming.action).arg(0)
    if language not in LANGUAGES:
        raise actions.BadAction(f"lg: unknown language {language!r}")
    return _set(core, person, language)


FEATURE = Feature(
    name="language",
    commands=(Command("language", choose_language, description="cmd.language"),),
    buttons=(ButtonAction(Verb.LANGUAGE, press_language),),
)
