"""Signing in: password users (from secrets.toml or managed in the app), slowing down guessing, and
the roles of people who sign in through the company's OpenID Connect provider.

Streamlit-free: the page frame and the CLI both use it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, select

from dashboard.access import Actor, act, record
from dashboard.config import Settings
from dashboard.errors import DomainError
from dashboard.models import AppUser, Role, SignInFailure, utcnow

LOCAL_USER = "local user"
MIN_PASSWORD = 10
FREE_ATTEMPTS = 3  # wrong passwords for a name before each further attempt has to wait
MAX_WAIT_SECONDS = 15 * 60
NAME_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,120}$")
OIDC_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password of anyone")




def hash_password(password: str) -> str:
    """An argon2id hash of a password (the only form in which passwords are kept)."""
    if len(password) < MIN_PASSWORD:
        raise DomainError("auth.error.password_short", min=MIN_PASSWORD)
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def clean_name(name: str) -> str:
    """A user name as stored: trimmed, NFC; refuses empty, long or control characters."""
    value = unicodedata.normalize("NFC", (name or "").strip())
    if not NAME_RE.match(value):
        raise DomainError("auth.error.name_invalid")
    return value


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", (name or "").strip()).casefold()[:120]


# ---------------------------------------------------------------------------------------------
# Who exists and with which role


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    source: str  # "secrets" or "app"
    active: bool
    password_hash: str

    def actor(self) -> Actor:
        return Actor(self.name, self.role)


def _secret_accounts(settings: Settings) -> dict[str, Account]:
    out: dict[str, Account] = {}
    for name, entry in (settings.users or {}).items():
        if not isinstance(entry, dict):
            continue
        try:
            role = Role(str(entry.get("role", "viewer")).lower())
        except ValueError:
            continue
        out[_key(name)] = Account(str(name), role, "secrets", bool(entry.get("active", True)),
                                  str(entry.get("password_hash", "")))
    return out


def accounts(session: Session, settings: Settings) -> list[Account]:
    """Everyone who can sign in with a password; secrets.toml wins over the app for the same name."""
    found = {_key(u.name): Account(u.name, Role(u.role), "app", u.active, u.password_hash)
             for u in session.exec(select(AppUser))}
    found.update(_secret_accounts(settings))
    return sorted(found.values(), key=lambda a: a.name.casefold())


def account(session: Session, settings: Settings, name: str) -> Account | None:
    wanted = _key(name)
    secret = _secret_accounts(settings).get(wanted)
    if secret is not None:
        return secret
    for user in session.exec(select(AppUser)):
        if _key(user.name) == wanted:
            return Account(user.name, Role(user.role), "app", user.active, user.password_hash)
    return None


def current_actor(session: Session, settings: Settings, name: str | None) -> Actor | None:
    """The signed-in person as they are now (a removed or deactivated person is signed out)."""
    if not name:
        return None
    found = account(session, settings, name)
    return found.actor() if found is not None and found.active else None


# ---------------------------------------------------------------------------------------------
# Password sign-in with slowing down


@dataclass(frozen=True)
class SignIn:
    actor: Actor | None = None
    wait_seconds: int = 0  # > 0: refused without trying, too many recent failures

    @property
    def ok(self) -> bool:
        return self.actor is not None


def wait_after(failures: int) -> int:
    """Seconds to wait before the next attempt after `failures` wrong passwords in a row."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_ATTEMPTS + 1))


def sign_in(session: Session, settings: Settings, name: str, password: str, now: datetime | None = None) -> SignIn:
    """Check a name and password; counts failures per name (known or not) and makes guessing slow."""
    now = now or utcnow()
    key = _key(name)
    failure = session.get(SignInFailure, key)
    if failure is not None:
        last = failure.last_at if failure.last_at.tzinfo else failure.last_at.replace(tzinfo=now.tzinfo)
        left = wait_after(failure.failures) - int((now - last).total_seconds())
        if left > 0:
            return SignIn(wait_seconds=left)
    found = account(session, settings, name)
    # Verify against a dummy hash for unknown names so the time taken does not tell who exists.
    good = _verify(found.password_hash if found else _DUMMY_HASH, password or "")
    if found is not None and found.active and good:
        if failure is not None:
            session.delete(failure)
        record(session, actor=found.name, action="sign_in", entity="user", entity_key=found.name,
               label=found.name)
        session.flush()
        return SignIn(actor=found.actor())
    failure = failure or SignInFailure(name=key, failures=0)
    failure.failures += 1
    failure.last_at = now
    session.add(failure)
    session.flush()
    return SignIn(wait_seconds=0)


def seconds_to_wait(session: Session, name: str, now: datetime | None = None) -> int:
    now = now or utcnow()
    failure = session.get(SignInFailure, _key(name))
    if failure is None:
        return 0
    last = failure.last_at if failure.last_at.tzinfo else failure.last_at.replace(tzinfo=now.tzinfo)
    return max(0, wait_after(failure.failures) - int((now - last).total_seconds()))


# ---------------------------------------------------------------------------------------------
# Managing the people who sign in with a password (admins; the CLI for the first admin)


def _app_user(session: Session, name: str) -> AppUser:
    for user in session.exec(select(AppUser)):
        if _key(user.name) == _key(name):
            return user
    raise DomainError("auth.error.user_unknown", name=name)


def add_user(*, session: Session, settings: Settings, name: str, role: Role | str, password: str,
             user: Actor | str) -> AppUser:
    by = act(session, user, Role.admin, "manage users")
    name = clean_name(name)
    role = Role(role)
    if account(session, settings, name) is not None:
        raise DomainError("auth.error.user_taken", name=name)
    row = AppUser(name=name, role=role.value, password_hash=hash_password(password), active=True,
                  created_by=by, updated_by=by)
    session.add(row)
    session.flush()
    return row


def update_user(*, session: Session, name: str, user: Actor | str, role: Role | str | None = None,
                active: bool | None = None, password: str | None = None) -> AppUser:
    by = act(session, user, Role.admin, "manage users")
    row = _app_user(session, name)
    if isinstance(user, Actor) and _key(user.name) == _key(row.name) and (
        (role is not None and Role(role) != Role.admin) or active is False
    ):
        raise DomainError("auth.error.not_yourself")
    if role is not None:
        row.role = Role(role).value
    if active is not None:
        row.active = active
    if password:
        row.password_hash = hash_password(password)
    row.updated_by = by
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


def remove_user(*, session: Session, name: str, user: Actor | str) -> None:
    act(session, user, Role.admin, "manage users")
    row = _app_user(session, name)
    if isinstance(user, Actor) and _key(user.name) == _key(row.name):
        raise DomainError("auth.error.not_yourself")
    session.delete(row)
    session.flush()


# ---------------------------------------------------------------------------------------------
# OpenID Connect: the configuration check and roles by e-mail address or domain


def oidc_problems(settings: Settings) -> list[str]:
    """What is missing for `OUTCOMES_AUTH=oidc`, as names of settings (empty when complete)."""
    problems: list[str] = []
    section = settings.auth_section or {}
    providers = {k: v for k, v in section.items() if isinstance(v, dict)}
    for key in ("redirect_uri", "cookie_secret"):
        if not str(section.get(key, "")).strip():
            problems.append(f"[auth] {key}")
    if str(section.get("redirect_uri", "")).strip() and not str(section["redirect_uri"]).rstrip("/").endswith(
            "/oauth2callback"):
        problems.append("[auth] redirect_uri … /oauth2callback")
    holders = [("[auth]", section)] if not providers else [(f"[auth.{n}]", p) for n, p in providers.items()]
    for label, holder in holders:
        for key in OIDC_KEYS[2:]:
            if not str(holder.get(key, "") or section.get(key, "")).strip():
                problems.append(f"{label} {key}")
    if not any(isinstance(v, list | str) and v for v in (settings.roles or {}).values()):
        problems.append("[roles] admin / editor / viewer")
    try:
        import authlib  # noqa: F401
    except ImportError:
        problems.append("Authlib (pip install 'streamlit[auth]')")
    return problems


def oidc_provider(settings: Settings) -> str | None:
    """The provider name for `st.login` when [auth] has exactly one provider section."""
    providers = [k for k, v in (settings.auth_section or {}).items() if isinstance(v, dict)]
    return providers[0] if len(providers) == 1 else None


def role_for_email(email: str | None, roles: dict) -> Role | None:
    """The role configured for an e-mail address: an exact address wins, else the highest role
    among matching `@domain` entries, else `default`; None when the person has no access."""
    address = (email or "").strip().casefold()
    if "@" not in address:
        return None
    domain = address.rsplit("@", 1)[1]
    exact: Role | None = None
    by_domain: Role | None = None
    for role in (Role.viewer, Role.editor, Role.admin):
        entries = roles.get(role.value, [])
        entries = [entries] if isinstance(entries, str) else entries
        for entry in entries if isinstance(entries, list) else []:
            value = str(entry).strip().casefold()
            if value == address:
                exact = role
            elif value.lstrip("@") == domain and (value.startswith("@") or "@" not in value):
                by_domain = role
    if exact is not None:
        return exact
    if by_domain is not None:
        return by_domain
    default = str(roles.get("default", "")).strip().lower()
    return Role(default) if default in {r.value for r in Role} else None


def local_actor() -> Actor:
    """Sign-in off (`OUTCOMES_AUTH=none`): the person at this machine may do everything."""
    return Actor(LOCAL_USER, Role.admin)


def audit_sign_out(session: Session, actor: Actor) -> None:
    record(session, actor=actor.name, action="sign_out", entity="user", entity_key=actor.name, label=actor.name)


