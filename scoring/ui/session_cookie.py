"""The log-in cookie set by the server, HttpOnly, when the app runs as `streamlit run serve.py`.

A Streamlit page talks to its server over a websocket, which cannot set a cookie. serve.py runs app.py behind
Streamlit's ASGI server (st.App) with one extra route: after a log-in the page sends the browser to
/_kvalitet/session?code=…, where a one-time code (scoring.platform.web_sessions.handoff: hash only, used once, within
60 s) is exchanged for a new log-in token in a cookie that scripts cannot read (HttpOnly), that is never sent
by another site (SameSite=Strict) and, behind https, never over plain http (Secure); the browser then goes
back to the page it was on. Run as `streamlit run app.py` (development), there is no such route and the shell
falls back to setting the cookie from a script (see docs/security.md).
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from scoring.platform import web_sessions

COOKIE = "kvalitet_session"
ROUTE = "/_kvalitet/session"
LOGOUT_ROUTE = "/_kvalitet/logout"   # clears the cookie (a script cannot: it is HttpOnly)
SERVER_SIDE = False            # True in the process that serve.py started: the route below exists


def routes() -> list:
    """The route for st.App (serve.py); calling it marks this process as setting the cookie server-side."""
    from starlette.routing import Route

    global SERVER_SIDE
    SERVER_SIDE = True
    return [Route(ROUTE, _session, methods=["GET"]), Route(LOGOUT_ROUTE, _logout, methods=["GET"])]


def _back_to(target: str | None) -> str:
    """Only a path on this server (never another site: no scheme, no host, no '//')."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


async def _session(request):
    from starlette.responses import RedirectResponse

    response = RedirectResponse(_back_to(request.query_params.get("next")), status_code=303)
    response.headers["Cache-Control"] = "no-store"
    token = web_sessions.REGISTRY.redeem(request.query_params.get("code"), time.monotonic())
    if token is not None:
        secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"
        response.set_cookie(COOKIE, token, max_age=web_sessions.MAX_HOURS * 3600, path="/", httponly=True,
                            samesite="strict", secure=secure)
    return response


async def _logout(request):
    """After a log-out (the token is already ended on the server): remove the cookie and go back."""
    from starlette.responses import RedirectResponse

    response = RedirectResponse(_back_to(request.query_params.get("next")), status_code=303)
    response.headers["Cache-Control"] = "no-store"
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response
