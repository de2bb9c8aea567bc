import pytest

from bot.actions import MAX_BYTES, BadAction, build, parse
from knowledge.messages import t


@pytest.mark.parametrize("args", [(), ("12",), (3, 4), ("abc", 0, 99)])
def test_build_then_parse_roundtrip(args):
    action = parse(build("td", *args))
    assert action.verb == "td"
    assert action.args == tuple(str(a) for a in args)


@pytest.mark.parametrize("data", [None, "", ":x", "a" * (MAX_BYTES + 1)])
def test_parse_rejects_malformed(data):
    with pytest.raises(BadAction):
        parse(data)


def test_build_rejects_separator_and_oversize():
    with pytest.raises(ValueError):
        build("td", "a:b")
    with pytest.raises(ValueError):
        build("td", "x" * MAX_BYTES)


def test_int_arg_rejects_text():
    with pytest.raises(BadAction):
        parse("td:abc").int_arg(0)


@pytest.mark.parametrize(
    "data", ["td:9223372036854775808", "td:-1", "td:+5", "td:1e3", "td:٣", "td:", "pg:k:99999999999999999"]
)
def test_int_arg_rejects_out_of_range_and_odd_numbers(data):
    action = parse(data)
    with pytest.raises(BadAction):
        action.int_arg(len(action.args) - 1)


@pytest.mark.parametrize(
    "forged", ["td:9223372036854775808", "pu:99999999999999999999", "mt:18446744073709551616"]
)
async def test_core_answers_huge_numbers_as_stale_buttons(fresh_db, forged):
    from bot.compose import build_core
    from bot.config import Config
    from tests.core_fixtures import StubAssistant, clock, incoming, seed_plan

    seed_plan(fresh_db)
    core = build_core(fresh_db, Config(admins=("1",)), clock(), assistant=StubAssistant(fresh_db))
    await core.handle(incoming("1", "/start"))
    replies = await core.handle(incoming("1", action=forged))
    assert replies[0].text == t("vi", "core.stale_button")
