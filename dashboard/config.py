"""Settings from the environment or `.streamlit/secrets.toml`, validated once."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///data/outcomes.db"
LANGUAGES = ("en", "de")
AUTH_MODES = ("none", "password", "oidc")


class ConfigError(ValueError):
    """A setting has a value the app cannot use."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    auth: str
    lang: str | None
    max_upload_mb: int
    max_rows: int
    max_new_metrics: int = 1_000
    users: dict = field(default_factory=dict)  # [users.NAME] role, password_hash (auth = password)
    roles: dict = field(default_factory=dict)  # [roles] admin/editor/viewer: e-mails or @domains (auth = oidc)
    auth_section: dict = field(default_factory=dict)  # Streamlit's [auth] section (auth = oidc)


def secrets_path() -> Path:
    """`.streamlit/secrets.toml` of the project, or the file named by OUTCOMES_SECRETS."""
    named = os.environ.get("OUTCOMES_SECRETS", "").strip()
    return Path(named) if named else PROJECT_ROOT / ".streamlit" / "secrets.toml"


def _secrets() -> dict:
    path = secrets_path()
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name} cannot be read: {exc}") from exc


def _get(name: str, secrets: dict) -> str | None:
    value = os.environ.get(name)
    if value is None and isinstance(secrets.get(name), str | int):
        value = str(secrets[name])
    return value.strip() if isinstance(value, str) and value.strip() else None


def normalise_database_url(url: str) -> str:
    """Resolve relative SQLite paths against the project root and map Postgres URLs to psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        rel = url[len("sqlite:///") :]
        if rel and rel != ":memory:" and not rel.startswith("file:"):
            url = "sqlite:///" + str((PROJECT_ROOT / rel).resolve())
    return url


def load_settings() -> Settings:
    """Read and validate every setting."""
    secrets = _secrets()
    url = normalise_database_url(_get("DATABASE_URL", secrets) or DEFAULT_DATABASE_URL)
    if "://" not in url:
        raise ConfigError(f"DATABASE_URL is not a database URL: {url!r}")
    auth = (_get("OUTCOMES_AUTH", secrets) or "none").lower()
    if auth not in AUTH_MODES:
        raise ConfigError(f"OUTCOMES_AUTH must be one of {', '.join(AUTH_MODES)}, not {auth!r}")
    lang = _get("OUTCOMES_LANG", secrets)
    if lang is not None:
        lang = lang.lower()[:2]
        if lang not in LANGUAGES:
            raise ConfigError(f"OUTCOMES_LANG must be 'en' or 'de', not {lang!r}")
    try:
        max_mb = int(_get("OUTCOMES_MAX_UPLOAD_MB", secrets) or 50)
        max_rows = int(_get("OUTCOMES_MAX_ROWS", secrets) or 1_000_000)
        max_new_metrics = int(_get("OUTCOMES_MAX_NEW_METRICS", secrets) or 1_000)
    except ValueError as exc:
        raise ConfigError(
            f"OUTCOMES_MAX_UPLOAD_MB / OUTCOMES_MAX_ROWS / OUTCOMES_MAX_NEW_METRICS must be numbers: {exc}"
        ) from exc
    users = secrets.get("users") if isinstance(secrets.get("users"), dict) else {}
    roles = secrets.get("roles") if isinstance(secrets.get("roles"), dict) else {}
    auth_section = secrets.get("auth") if isinstance(secrets.get("auth"), dict) else {}
    return Settings(url, auth, lang, max_mb, max_rows, max_new_metrics, users=users, roles=roles,
                    auth_section=auth_section)


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process-wide settings (read once)."""
    return load_settings()
