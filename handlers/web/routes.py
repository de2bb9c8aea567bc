"""The dashboard's pages and forms: each one reads the session, calls the dashboard, renders a template.

A request without a valid session gets the login page (401); a task or plan the person may not see is
a 404 like one that does not exist; a page the role does not allow is a 403; a POST without the right
CSRF token is a 403 and changes nothing.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.permissions import Forbidden
from handlers.web.render import page
from knowledge.messages import LANGUAGES, has_message, normalize_language
from storage.errors import NotFound, StorageError
from storage.people import Person

SESSION_COOKIE = "planbot_session"
PRE_COOKIE = "planbot_pre"  # the CSRF double of the login forms, before there is a session
LANG_COOKIE = "planbot_lang"


class CsrfRefused(Exception):
    """A POST without the token of its session (or of its login page)."""


class LoginNeeded(Exception):
    """No valid session."""


@dataclass(frozen=True)
class Viewer:
    person: Person
    csrf: str
    lang: str


def _dashboard(request: Request):
    return request.app.state.dashboard


def _lang(request: Request, person: Person | None = None) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    if person is not None:
        return normalize_language(person.language)
    return normalize_language(request.headers.get("accept-language", "")[:2])


def _viewer(request: Request) -> Viewer:
    found = _dashboard(request).session(request.cookies.get(SESSION_COOKIE))
    if found is None:
        raise LoginNeeded()
    person, csrf = found
    return Viewer(person, csrf, _lang(request, person))


def _render(request: Request, viewer: Viewer | None, name: str, context: dict, *, status_code: int = 200):
    lang = viewer.lang if viewer else _lang(request)
    base = {
        "viewer": viewer,
        "csrf": viewer.csrf if viewer else "",
        "path": request.url.path,
        "here": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }
    return page(name, lang, {**base, **context}, status_code=status_code)


async def _form(request: Request, expected: str | None):
    form = await request.form()
    if not _dashboard(request).check_csrf(expected, form.get("csrf")):
        raise CsrfRefused()
    return form


def _secure(request: Request) -> bool:
    return bool(_dashboard(request).secure_cookies) or request.url.scheme == "https"


def _message_key(value: str | None) -> str | None:
    """A catalog key passed back in a redirect, if it is one of ours."""
    return value if value and value.startswith("web.") and has_message(value) else None


# --- pages ---------------------------------------------------------------------------------------------


async def show_overview(request: Request):
    """Show progress by unit, the overdue tasks and this week's deadlines."""
    viewer = _viewer(request)
    return _render(request, viewer, "overview.html", _dashboard(request).overview(viewer.person))


async def list_tasks(request: Request):
    """List the tasks that pass the filters, a page at a time."""
    viewer = _viewer(request)
    data = _dashboard(request).tasks(viewer.person, request.query_params)
    kept = {k: v for k, v in request.query_params.items() if k != "page" and v}

    def page_url(number: int) -> str:
        return "/tasks?" + urlencode({**kept, "page": number})

    return _render(request, viewer, "tasks.html", {**data, "page_url": page_url, "params": kept})


async def show_task(request: Request):
    """Show one task with its history, evidence, assignees and corrections."""
    viewer = _viewer(request)
    data = _dashboard(request).task(viewer.person, request.path_params["task_id"])
    data["saved"] = request.query_params.get("saved")
    data["error"] = _message_key(request.query_params.get("error"))
    return _render(request, viewer, "task.html", data)


async def correct_task(request: Request):
    """Correct one field of a task."""
    viewer = _viewer(request)
    form = await _form(request, viewer.csrf)
    task_id = request.path_params["task_id"]
    field = str(form.get("field") or "")
    try:
        _dashboard(request).correct(viewer.person, task_id, field, str(form.get("value") or ""))
    except StorageError as exc:
        if isinstance(exc, NotFound):
            raise
        key = getattr(exc, "key", "web.correct.failed")
        return RedirectResponse(f"/tasks/{task_id}?{urlencode({'error': key})}#correct", status_code=303)
    return RedirectResponse(f"/tasks/{task_id}?{urlencode({'saved': field})}#correct", status_code=303)


async def assign_task(request: Request):
    """Assign a person to a task."""
    viewer = _viewer(request)
    form = await _form(request, viewer.csrf)
    task_id = request.path_params["task_id"]
    try:
        _dashboard(request).assign(viewer.person, task_id, form.get("person"))
    except StorageError as exc:
        if isinstance(exc, NotFound):
            raise
        key = getattr(exc, "key", "web.correct.failed")
        return RedirectResponse(f"/tasks/{task_id}?{urlencode({'error': key})}#assign", status_code=303)
    return RedirectResponse(f"/tasks/{task_id}?saved=assignee#assign", status_code=303)


async def list_plans(request: Request):
    """List the plans the person has tasks in."""
    viewer = _viewer(request)
    return _render(request, viewer, "plans.html", _dashboard(request).plans(viewer.person))


async def show_plan(request: Request):
    """Show a plan: its tasks (the doubtful first for admins), duties, targets and the plans it replaces."""
    viewer = _viewer(request)
    return _render(
        request, viewer, "plan.html", _dashboard(request).plan(viewer.person, request.path_params["plan_id"])
    )


async def list_people(request: Request):
    """List people and invites."""
    viewer = _viewer(request)
    return _render(request, viewer, "people.html", _dashboard(request).people(viewer.person))


async def make_invite(request: Request):
    """Make an invite code for a unit and role."""
    viewer = _viewer(request)
    form = await _form(request, viewer.csrf)
    dashboard = _dashboard(request)
    context: dict = {}
    try:
        context["new_code"] = dashboard.invite(viewer.person, str(form.get("role") or ""), form.get("unit"))
    except StorageError:
        context["error"] = "web.people.bad_invite"
    return _render(request, viewer, "people.html", {**dashboard.people(viewer.person), **context})


async def list_broadcasts(request: Request):
    """List broadcasts with their delivery reports."""
    viewer = _viewer(request)
    selected = request.path_params.get("broadcast_id")
    return _render(
        request, viewer, "broadcasts.html", _dashboard(request).broadcasts(viewer.person, selected)
    )


async def show_audit(request: Request):
    """Show who changed what, when."""
    viewer = _viewer(request)
    return _render(request, viewer, "audit.html", _dashboard(request).audit(viewer.person))


async def list_reports(request: Request):
    """List the reports to download."""
    viewer = _viewer(request)
    return _render(
        request, viewer, "reports.html", {"kinds": _dashboard(request).report_kinds(viewer.person)}
    )


async def download_report(request: Request):
    """Send one report file."""
    viewer = _viewer(request)
    name, mime, content = _dashboard(request).report_file(viewer.person, request.path_params["kind"])
    return Response(
        content, media_type=mime, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


async def show_evidence(request: Request):
    """Send (or point to) the evidence file of a status update."""
    viewer = _viewer(request)
    found = await _dashboard(request).evidence(viewer.person, request.path_params["update_id"])
    if found.url:
        return RedirectResponse(found.url, status_code=302)
    if found.content is None:
        return _render(request, viewer, "message.html", {"title": "web.evidence.gone"}, status_code=404)
    inline = found.mime_type.startswith("image/")
    disposition = "inline" if inline else f'attachment; filename="{found.name}"'
    return Response(found.content, media_type=found.mime_type, headers={"content-disposition": disposition})


# --- logging in and out --------------------------------------------------------------------------------


def _pre_token(request: Request) -> str:
    return request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(18)


def _with_pre_cookie(request: Request, response: Response, token: str) -> Response:
    response.set_cookie(
        PRE_COOKIE, token, max_age=3600, httponly=True, samesite="lax", secure=_secure(request), path="/"
    )
    return response


def _start(request: Request, session) -> Response:
    response = RedirectResponse("/", status_code=303)
    max_age = int((session.expires_at - _dashboard(request).now()).total_seconds())
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        max_age=max(60, max_age),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(PRE_COOKIE, path="/")
    return response


def _refused(request: Request, exc: PermissionError) -> Response:
    reason = getattr(exc, "reason", "unknown")
    return _render(request, None, "login.html", {"refused": f"web.login.{reason}"}, status_code=403)


async def show_login(request: Request):
    """Explain how to log in (the /web command, or the Mini App)."""
    return _render(request, None, "login.html", {}, status_code=401)


async def confirm_link(request: Request):
    """Show who a one-time link logs in, with a button that uses it."""
    token = request.path_params["token"]
    try:
        person = _dashboard(request).check_link(token)
    except PermissionError as exc:
        return _refused(request, exc)
    pre = _pre_token(request)
    response = _render(request, None, "login_confirm.html", {"person": person, "token": token, "pre": pre})
    return _with_pre_cookie(request, response, pre)


async def use_link(request: Request):
    """Use a one-time link: start a session."""
    await _form(request, request.cookies.get(PRE_COOKIE))
    try:
        session = _dashboard(request).redeem_link(request.path_params["token"])
    except PermissionError as exc:
        return _refused(request, exc)
    return _start(request, session)


async def open_mini_app(request: Request):
    """The Telegram Mini App's first page: its script sends Telegram's signed init data back."""
    pre = _pre_token(request)
    return _with_pre_cookie(request, _render(request, None, "app.html", {"pre": pre}), pre)


async def login_mini_app(request: Request):
    """Start a session from the Mini App's signed init data."""
    form = await _form(request, request.cookies.get(PRE_COOKIE))
    try:
        session = _dashboard(request).login_telegram(str(form.get("init_data") or ""))
    except PermissionError as exc:
        return _refused(request, exc)
    return _start(request, session)


async def logout(request: Request):
    """End the session."""
    viewer = _viewer(request)
    await _form(request, viewer.csrf)
    _dashboard(request).logout(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


async def choose_language(request: Request):
    """Switch the dashboard's language (kept in a cookie) and go back."""
    code = request.path_params["code"]
    back = request.query_params.get("next") or "/"
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    response = RedirectResponse(back, status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", secure=_secure(request))
    return response


async def health(request: Request):
    """Say the server is up."""
    return PlainTextResponse("ok")


# --- errors --------------------------------------------------------------------------------------------


def _error(request: Request, status: int, title: str) -> Response:
    viewer = None
    with contextlib.suppress(LoginNeeded):
        viewer = _viewer(request)
    return _render(request, viewer, "message.html", {"title": title}, status_code=status)


async def on_not_found(request: Request, exc: Exception):
    return _error(request, 404, "web.error.not_found")


async def on_forbidden(request: Request, exc: Exception):
    return _error(request, 403, "web.error.forbidden")


async def on_csrf(request: Request, exc: Exception):
    return _error(request, 403, "web.error.csrf")


async def on_login_needed(request: Request, exc: Exception):
    return _render(request, None, "login.html", {}, status_code=401)


async def on_http(request: Request, exc: HTTPException):
    if exc.status_code == 404:
        return await on_not_found(request, exc)
    return PlainTextResponse(str(exc.detail), status_code=exc.status_code)


EXCEPTION_HANDLERS = {
    NotFound: on_not_found,
    Forbidden: on_forbidden,
    CsrfRefused: on_csrf,
    LoginNeeded: on_login_needed,
    HTTPException: on_http,
}

ROUTES = [
    Route("/", show_overview),
    Route("/tasks", list_tasks),
    Route("/tasks/{task_id:int}", show_task),
    Route("/tasks/{task_id:int}/correct", correct_task, methods=["POST"]),
    Route("/tasks/{task_id:int}/assign", assign_task, methods=["POST"]),
    Route("/plans", list_plans),
    Route("/plans/{plan_id:int}", show_plan),
    Route("/people", list_people),
    Route("/people/invite", make_invite, methods=["POST"]),
    Route("/broadcasts", list_broadcasts),
    Route("/broadcasts/{broadcast_id:int}", list_broadcasts),
    Route("/audit", show_audit),
    Route("/reports", list_reports),
    Route("/reports/{kind:str}", download_report),
    Route("/evidence/{update_id:int}", show_evidence),
    Route("/login", show_login),
    Route("/login/{token:str}", confirm_link),
    Route("/login/{token:str}", use_link, methods=["POST"]),
    Route("/app", open_mini_app),
    Route("/app/login", login_mini_app, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/lang/{code:str}", choose_language),
    Route("/healthz", health),
]
