"""knowledge.orgs.issuer_named: a plan's issuer named in a question, with or without "và"."""

import pytest

from knowledge.orgs import issuer_named


@pytest.mark.parametrize(
    ("words", "issuer", "named"),
    [
        ("so khoa hoc cong nghe", "so khoa hoc va cong nghe", True),
        ("phuong ngoc son", "dang uy phuong ngoc son", True),
        ("dang uy", "dang uy phuong ngoc son", True),
        ("xa tan an", "ubnd xa tan an", True),
        ("xa tan", "ubnd xa tan an", True),
        ("so cong thuong", "so khoa hoc va cong nghe", False),
        ("son ngoc", "dang uy phuong ngoc son", False),
        ("va", "so khoa hoc va cong nghe", False),
        ("chi bo dong mit", "chi bo thon dong mit", True),  # the village's level left out
        ("chi bo dong mit", "chi bo thon dong xuan", False),
        # "Tỉnh đoàn X", "Thành đoàn X": the Youth Union of that province or city as its header writes it
        ("tinh doan", "bch doan tncs ho chi minh tinh trang ninh", True),
        ("tinh doan trang ninh", "bch doan tncs ho chi minh tinh trang ninh", True),
        ("thanh doan", "doan tncs ho chi minh thanh pho bao giang", True),
        ("tinh doan ha an", "bch doan tncs ho chi minh tinh trang ninh", False),
        ("tinh doan", "ubnd tinh trang ninh", False),
    ],
)
def test_issuer_named(words, issuer, named):
    assert issuer_named(words, issuer) is named


def test_a_place_named_without_its_level_word():
    assert issuer_named("dang uy vinh hung", "dang uy xa vinh hung")
    assert not issuer_named("hung vinh", "dang uy xa vinh hung")
