"""Who is signed in, and the checks every staff/admin route makes: session, role, CSRF."""
from __future__ import annotations

import secrets

from fastapi import Request

from .accounts import Accounts, Session
from .errors import WebError

SESSION_COOKIE = "nukumori_session"
LOGIN_CSRF_COOKIE = "nukumori_login_csrf"


class SignInRequired(WebError):
    status = 303


class Forbidden(WebError):
    status = 403


def accounts(request: Request) -> Accounts:
    s = request.app.state.settings
    return Accounts(s.data_dir, idle_seconds=s.session_idle_minutes * 60, max_seconds=s.session_max_hours * 3600)


def secure(request: Request) -> bool:
    mode = request.app.state.settings.secure_cookies.lower()
    return request.url.scheme == "https" if mode == "auto" else mode in ("1", "true", "yes", "on")


def current_session(request: Request) -> Session | None:
    return accounts(request).session(request.cookies.get(SESSION_COOKIE))


def require(request: Request, role: str = "staff") -> Session:
    """The signed-in session; sign-in page if none; 403 if the role is not enough."""
    session = current_session(request)
    if session is None:
        raise SignInRequired("sign in first")
    if role == "admin" and session.user.role != "admin":
        raise Forbidden("この画面は管理者だけが使えます。")
    return session


def check_csrf(request: Request, session: Session, token: str) -> None:
    if not token or not secrets.compare_digest(token, session.csrf):
        raise Forbidden("フォームの有効期限が切れました。画面を読み込み直してください。(CSRF)")


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)
