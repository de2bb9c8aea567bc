"""The message catalogs: every key exists in both languages with the same placeholders."""

import re
import string

import pytest

from knowledge.messages import LANGUAGES, MissingMessage, catalog, normalize_language, t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys():
    vi, en = catalog("vi"), catalog("en")
    assert set(vi) - set(en) == set(), "keys missing in English"
    assert set(en) - set(vi) == set(), "keys missing in Vietnamese"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_vietnamese(language):
    vi = catalog("vi")
    for key, template in catalog(language).items():
        assert _fields(template) == _fields(vi[key]), key


def test_vietnamese_catalog_is_really_vietnamese():
    # At least most messages carry Vietnamese diacritics (guards against an English file in the vi folder).
    vi = catalog("vi")
    marked = sum(1 for text in vi.values() if re.search(r"[àáảãạăâđèéêìíòóôơùúưỳý]", text.lower()))
    assert marked >= len(vi) * 0.6


@pytest.mark.parametrize(("code", "expected"), [("vi", "vi"), ("en-US", "en"), ("fr", "vi"), (None, "vi")])
def test_normalize_language(code, expected):
    assert normalize_language(code) == expected


def test_unknown_key_raises():
    with pytest.raises(MissingMessage):
        t("vi", "no.such.key")


def test_english_falls_back_to_translation():
    assert t("en", "common.unknown_error") != t("vi", "common.unknown_error")
