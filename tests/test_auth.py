"""Password sign-in with slowing down, people managed by admins, OIDC configuration and roles, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from dashboard import auth
from dashboard.access import AccessDenied, Actor
from dashboard.config import Settings
from dashboard.db import session_scope
from dashboard.errors import DomainError
from dashboard.models import AppUser, AuditEvent, Role, utcnow

ROOT = Path(__file__).resolve().parent.parent
ADMIN = Actor("Ada", Role.admin)


def _settings(**kw) -> Settings:
    base = {"database_url": "sqlite://", "auth": "password", "lang": None, "max_upload_mb": 50,
            "max_rows": 1000}
    return Settings(**{**base, **kw})


@pytest.fixture
def people(engine):
    settings = _settings(users={"Sam Secret": {"role": "editor", "password_hash": auth.hash_password("from secrets 1")}})
    with session_scope(engine) as s:
        auth.add_user(session=s, settings=settings, name="Vera", role="viewer", password="correct horse 1",
                      user=ADMIN)
    return settings


def test_passwords_are_kept_only_as_argon2_hashes(engine, people):
    with Session(engine) as s:
        row = s.exec(select(AppUser)).one()
    assert row.password_hash.startswith("$argon2id$") and "correct horse" not in row.password_hash
    with pytest.raises(DomainError) as info:
        auth.hash_password("short")
    assert info.value.key == "auth.error.password_short"


def test_right_and_wrong_passwords(engine, people):
    with session_scope(engine) as s:
        ok = auth.sign_in(s, people, "vera", "correct horse 1")  # names ignore case
        wrong = auth.sign_in(s, people, "Vera", "correct horse 2")
        secret = auth.sign_in(s, people, "Sam Secret", "from secrets 1")
        unknown = auth.sign_in(s, people, "Mallory", "anything at all")
    assert ok.ok and ok.actor == Actor("Vera", Role.viewer)
    assert not wrong.ok and wrong.wait_seconds == 0
    assert secret.ok and secret.actor.role == Role.editor
    assert not unknown.ok
    with Session(engine) as s:
        signed_in = s.exec(select(AuditEvent).where(AuditEvent.action == "sign_in")).all()
    assert [e.actor for e in signed_in] == ["Vera", "Sam Secret"]


def test_repeated_wrong_passwords_slow_further_attempts_down(engine, people):
    start = utcnow()
    with session_scope(engine) as s:
        for i in range(auth.FREE_ATTEMPTS):
            assert not auth.sign_in(s, people, "Vera", f"guess {i} guess", now=start).ok
        # the next attempt has to wait, even with the right password
        held = auth.sign_in(s, people, "Vera", "correct horse 1", now=start + timedelta(seconds=1))
        assert not held.ok and held.wait_seconds > 0
        # once the wait is over, a wrong guess doubles it
        later = start + timedelta(seconds=auth.wait_after(auth.FREE_ATTEMPTS) + 1)
        assert not auth.sign_in(s, people, "Vera", "another guess", now=later).ok
        assert auth.seconds_to_wait(s, "Vera", now=later) == auth.wait_after(auth.FREE_ATTEMPTS + 1)
        # unknown names are slowed down the same way (no hint who exists)
        for i in range(auth.FREE_ATTEMPTS):
            auth.sign_in(s, people, "Nobody", f"guess {i} guess", now=start)
        assert auth.sign_in(s, people, "Nobody", "x", now=start).wait_seconds > 0
        # after waiting, the right password works and the count starts again
        much_later = later + timedelta(seconds=auth.MAX_WAIT_SECONDS)
        assert auth.sign_in(s, people, "Vera", "correct horse 1", now=much_later).ok
        assert auth.seconds_to_wait(s, "Vera", now=much_later) == 0
    assert auth.wait_after(50) == auth.MAX_WAIT_SECONDS


def test_deactivated_and_removed_people_cannot_sign_in(engine, people):
    with session_scope(engine) as s:
        auth.update_user(session=s, name="Vera", user=ADMIN, active=False)
        assert not auth.sign_in(s, people, "Vera", "correct horse 1").ok
        assert auth.current_actor(s, people, "Vera") is None
        auth.update_user(session=s, name="Vera", user=ADMIN, active=True, role="editor")
        assert auth.current_actor(s, people, "Vera") == Actor("Vera", Role.editor)
        auth.remove_user(session=s, name="Vera", user=ADMIN)
        assert auth.current_actor(s, people, "Vera") is None


def test_managing_people_needs_an_admin_and_is_audited(engine, people):
    editor = Actor("Sam Secret", Role.editor)
    with pytest.raises(AccessDenied), session_scope(engine) as s:
        auth.add_user(session=s, settings=people, name="Eve", role="admin", password="long enough 1", user=editor)
    with session_scope(engine) as s, pytest.raises(DomainError) as taken:
        auth.add_user(session=s, settings=people, name="vera", role="admin", password="long enough 1", user=ADMIN)
    assert taken.value.key == "auth.error.user_taken"
    with session_scope(engine) as s, pytest.raises(DomainError) as self_demotion:
        auth.add_user(session=s, settings=people, name="Ada", role="admin", password="long enough 1", user=ADMIN)
        auth.update_user(session=s, name="Ada", user=ADMIN, role="viewer")
    assert self_demotion.value.key == "auth.error.not_yourself"
    with session_scope(engine) as s:
        auth.update_user(session=s, name="Vera", user=ADMIN, role="editor", password="a new password")
    with Session(engine) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.entity == "app_user")).all()
    changed = [e for e in events if e.action == "update"][-1]
    assert changed.changes["role"] == ["viewer", "editor"]
    assert "password_hash" not in json.dumps([e.changes for e in events])


@pytest.mark.parametrize(("email", "expected"), [
    ("ceo@example.com", Role.admin),          # exact address wins over the domain
    ("pm@example.com", Role.editor),          # by domain
    ("PM@Example.COM", Role.editor),          # case does not matter
    ("guest@partner.org", Role.viewer),
    ("someone@elsewhere.net", None),          # no role, no default
    ("not an address", None),
])
def test_roles_by_email_address_or_domain(email, expected):
    roles = {"admin": ["ceo@example.com"], "editor": ["@example.com"], "viewer": ["partner.org"]}
    assert auth.role_for_email(email, roles) == expected
    assert auth.role_for_email("someone@elsewhere.net", {**roles, "default": "viewer"}) == Role.viewer


def test_oidc_configuration_check_names_what_is_missing():
    assert auth.oidc_problems(_settings(auth="oidc")) == [
        "[auth] redirect_uri", "[auth] cookie_secret", "[auth] client_id", "[auth] client_secret",
        "[auth] server_metadata_url", "[roles] admin / editor / viewer",
    ]
    complete = {"redirect_uri": "https://okr.example.com/oauth2callback", "cookie_secret": "s3cret",
                "client_id": "id", "client_secret": "secret",
                "server_metadata_url": "https://login.example.com/.well-known/openid-configuration"}
    assert auth.oidc_problems(_settings(auth="oidc", auth_section=complete, roles={"admin": ["a@b.c"]})) == []
    wrong_callback = {**complete, "redirect_uri": "https://okr.example.com/"}
    assert auth.oidc_problems(_settings(auth="oidc", auth_section=wrong_callback, roles={"admin": ["a@b.c"]})) == [
        "[auth] redirect_uri … /oauth2callback"]
    provider = {"redirect_uri": complete["redirect_uri"], "cookie_secret": "s",
                "microsoft": {"client_id": "id", "client_secret": "x"}}
    problems = auth.oidc_problems(_settings(auth="oidc", auth_section=provider, roles={"viewer": "@b.c"}))
    assert problems == ["[auth.microsoft] server_metadata_url"]
    assert auth.oidc_provider(_settings(auth_section=provider)) == "microsoft"


def _cli(args: list[str], db: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {"DATABASE_URL": f"sqlite:///{db}", "PATH": "/usr/bin:/bin", "OUTCOMES_SECRETS": str(db.parent / "none.toml")}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_command_line_sets_up_the_first_admin_without_a_password_argument(tmp_path):
    db = tmp_path / "cli.db"
    assert _cli(["db", "upgrade"], db).returncode == 0
    added = _cli(["user", "add", "Ada", "--role", "admin", "--password-stdin"], db, stdin="a long password\n")
    assert added.returncode == 0, added.stderr
    assert "Ada can now sign in as admin" in added.stdout
    no_tty = _cli(["user", "add", "Bob", "--role", "viewer"], db, stdin="")
    assert no_tty.returncode == 1 and "--password-stdin" in no_tty.stderr
    short = _cli(["user", "add", "Bob", "--role", "viewer", "--password-stdin"], db, stdin="short\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    assert _cli(["user", "set", "Ada", "--role", "editor"], db).returncode == 0
    listed = json.loads(_cli(["user", "list", "--json"], db).stdout)
    assert listed == [{"name": "Ada", "role": "editor", "source": "app", "active": True}]
    trail = json.loads(_cli(["audit", "--json", "--kind", "app_user"], db).stdout)
    assert [e["action"] for e in trail] == ["update", "create"]
    assert trail[0]["changes"] == {"role": ["admin", "editor"]}
    assert "long password" not in json.dumps(trail)
    assert _cli(["user", "remove", "Ada"], db).returncode == 0
    assert json.loads(_cli(["user", "list", "--json"], db).stdout) == []
