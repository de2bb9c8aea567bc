"""The web dashboard's edge: a Starlette app over `bot.dashboard.Dashboard` (passed in by the composition
root: `planbot web`, or `planbot run` beside the bots). Requests in, HTML out; every rule (who sees
what, what a form may change) is the dashboard's. Every asset is served here: no CDN.

Security on every request: the session cookie is HttpOnly, SameSite=Lax and Secure over https; every
POST carries a CSRF token (the session's, or before login a cookie's double); pages are not cached and
send a strict Content-Security-Policy (scripts and styles from this app only).
"""

from __future__ import annotations

import secrets

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from handlers.web import routes
from handlers.web.render import STATIC

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; object-src 'none';"
        " base-uri 'none'; form-action 'self'; frame-ancestors 'self' https://web.telegram.org"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",  # a login link's token never leaves in a Referer header
}


class SecurityHeaders:
    """Add SECURITY_HEADERS to every response, and no-store to every page."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.decode("latin-1").lower() for k, _ in headers}
                for key, value in SECURITY_HEADERS.items():
                    if key not in present:
                        headers.append((key.encode(), value.encode()))
                if not static and "cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(dashboard, *, extra_routes=()) -> Starlette:
    """The dashboard app. `extra_routes` lets the runtime add its own (a Telegram webhook)."""
    app = Starlette(
        routes=[
            *routes.ROUTES,
            *extra_routes,
            Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
        ],
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers=routes.EXCEPTION_HANDLERS,
    )
    app.state.dashboard = dashboard
    app.state.instance = secrets.token_hex(4)
    return app


__all__ = ["create_app", "Route"]
