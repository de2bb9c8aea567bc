"""HTML rendering for the dashboard: Jinja2 templates (autoescaped: document and user text is always
shown as text), the message catalog as `_`, and small formatting filters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

from knowledge.messages import LANGUAGES, t

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(("html",), default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _vn_date(value) -> str:
    if not value:
        return "—"
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return day.strftime("%d/%m/%Y")


def _stamp(value) -> str:
    """A stored UTC ISO time, shortened to date and minutes."""
    text = str(value or "")
    return text[:16].replace("T", " ") if text else "—"


def _percent(part, whole) -> int:
    return round(100 * (part or 0) / whole) if whole else 0


env.filters["vndate"] = _vn_date
env.filters["stamp"] = _stamp
env.globals["percent"] = _percent


def page(
    name: str, lang: str, context: dict, *, status_code: int = 200, headers: dict | None = None
) -> HTMLResponse:
    """Render template `name` in `lang` (the catalog is `_`)."""

    def translate(key: str, **params) -> str:
        return t(lang, key, **params)

    body = env.get_template(name).render(_=translate, lang=lang, languages=LANGUAGES, **context)
    return HTMLResponse(body, status_code=status_code, headers=headers)
