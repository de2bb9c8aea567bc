import pytest

from bot.actions import MAX_BYTES, BadAction, build, parse


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
