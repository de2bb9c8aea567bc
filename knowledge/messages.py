"""Message catalogs (babel .po files) for every user-facing string, in Vietnamese and English.

Each feature keeps its own catalog file (`locales/<lang>/LC_MESSAGES/<feature>.po`); all files of a
language are merged. Message ids are symbolic keys ("help.text"); the translation is a
`str.format` template. English falls back to Vietnamese, the deployment's main language.

Counts: a field whose format spec holds a `|` picks a word form by the number, `{count:task|tasks}` (one
form for 1, the other for any other number), so English says "1 task" and "5 tasks"; Vietnamese has one
form and needs none.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")


class MissingMessage(KeyError):
    """A message key has no translation in the default catalog."""


def normalize_language(code: str | None) -> str:
    """Map a client language code ("en-US", "vi") to a supported catalog language."""
    if not code:
        return DEFAULT_LANGUAGE
    base = code.split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalog(language: str) -> dict[str, str]:
    """All messages of `language`, merged from its .po files."""
    messages: dict[str, str] = {}
    folder = LOCALES_DIR / language / "LC_MESSAGES"
    for po_file in sorted(folder.glob("*.po")):
        with po_file.open("rb") as fh:
            for message in read_po(fh, locale=language):
                if message.id and message.string:
                    messages[str(message.id)] = str(message.string)
    return messages


class _CountFormatter(string.Formatter):
    """str.format, plus `{n:one|other}`: the singular form when n is 1, the plural form otherwise."""

    def format_field(self, value, format_spec: str):
        if "|" in format_spec:
            one, other = format_spec.split("|", 1)
            return one if value == 1 else other
        return super().format_field(value, format_spec)


_COUNT_FORMATTER = _CountFormatter()


def has_message(key: str) -> bool:
    return key in catalog(DEFAULT_LANGUAGE)


def t(language: str | None, key: str, /, **params) -> str:
    """Translate `key` into `language`, filling `{name}` placeholders from `params`."""
    lang = normalize_language(language)
    template = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key)
    if template is None:
        raise MissingMessage(key)
    if not params:
        return template
    if "|" in template:
        return _COUNT_FORMATTER.format(template, **params)
    return template.format(**params)
