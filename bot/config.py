"""Settings from environment variables (and an optional `.env`), validated once at start-up.

A wrong value stops start-up with one line that names the variable (`ConfigError`), never a
traceback, and the bot token is a `SecretStr` so it cannot leak through a repr or a log line.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_FILE = "toebot.db"

# Telegram tokens are "<bot id>:<35 url-safe chars>"; checking the shape early turns a typo
# into a clear start-up error instead of a 401 loop.
_TOKEN_RE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,}$")


def quiet_window(value: str) -> tuple[dt.time, dt.time] | None:
    """Parse "HH:MM-HH:MM" into (start, end); None if malformed."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", value)
    if match is None:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        return None
    return dt.time(h1, m1), dt.time(h2, m2)


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line naming the variable."""


def normalise_database_url(raw: str) -> str:
    """Map the URL forms people write to SQLAlchemy's async drivers.

    `sqlite:///x.db` -> `sqlite+aiosqlite:///x.db`; `postgres://` (Heroku) and
    `postgresql://` -> `postgresql+asyncpg://`, with libpq's `sslmode` renamed to asyncpg's `ssl`.
    """
    url = raw.strip()
    if not url:
        raise ValueError("is empty")
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError("is not a URL; use sqlite:///path.db or postgresql://user:pass@host/db")
    base = scheme.lower().split("+", 1)[0]
    if base == "sqlite":
        return f"sqlite+aiosqlite://{rest}"
    if base in {"postgres", "postgresql"}:
        parts = urlsplit(f"postgresql+asyncpg://{rest}")
        if not parts.hostname and not parts.path.strip("/"):
            raise ValueError("names no host or database")
        query = [("ssl" if k == "sslmode" else k, v) for k, v in parse_qsl(parts.query)]
        return urlunsplit(parts._replace(query=urlencode(query)))
    raise ValueError(
        f"has an unsupported scheme {scheme!r}; use sqlite:///path.db or postgresql://..."
    )


class Settings(BaseSettings):
    """Every knob of the bot; field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = DEFAULT_API_URL
    database_url: str = f"sqlite:///{DEFAULT_DATABASE_FILE}"
    # NoDecode: the raw env string reaches our validator, which accepts "1,2" and "1 2".
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    log_level: str = "INFO"
    # Band work unlocks once the self-test shows improved control; this setting unlocks it
    # for everyone (e.g. a clinic that prescribes it from the start).
    unlock_resistance: bool = False
    # Periodic jobs (dispatch tick, safety outbox, reminders). Tests switch them off and call
    # the job functions themselves, with an injected clock.
    background_jobs: bool = True
    # The "no improvement after 6-8 weeks of consistent exercise" rule (isolation article).
    no_improvement_weeks: int = Field(default=6, ge=1, le=52)
    no_improvement_min_days: int = Field(default=5, ge=1, le=7)
    # Reminder dispatch: Telegram allows about 30 messages/s overall (per process here).
    prompt_rate: float = Field(default=30.0, gt=0, le=1000)
    # A prompt later than this after downtime is recorded as missed, not sent.
    grace_minutes: int = Field(default=120, ge=0, le=24 * 60)
    # No follow-up nudges in these local hours ("HH:MM-HH:MM", may cross midnight).
    quiet_hours: str = "21:00-08:00"
    followup_after_minutes: int = Field(default=180, ge=10, le=12 * 60)
    dispatch_interval_seconds: int = Field(default=15, ge=1, le=3600)
    # Emergency/urgent alerts about one patient within this many minutes of the last one are
    # folded into the next alert (unless the level goes up), so a worried patient's many
    # messages do not flood the therapist; 0 sends every one.
    alert_fold_minutes: int = Field(default=10, ge=0, le=24 * 60)
    # The therapists' weekly digest: weekday (0 = Monday) and hour, in UTC.
    digest_weekday: int = Field(default=0, ge=0, le=6)
    digest_hour: int = Field(default=8, ge=0, le=23)
    # Patients with no activity for this many days are erased by a daily job; None: never.
    retention_days: int | None = Field(default=None, ge=7, le=36500)
    content_dir: Path = Field(default=Path(__file__).resolve().parent.parent / "content")
    # Webhook mode: set WEBHOOK_URL (the public HTTPS URL Telegram posts to) and
    # WEBHOOK_SECRET (checked on every request); unset, the bot long-polls. The HTTP server
    # (webhook, health checks) listens on LISTEN_HOST:PORT, Procfile platforms' convention.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    port: int = Field(default=8080, ge=1, le=65535)
    listen_host: str = "0.0.0.0"  # noqa: S104 (a server behind the platform's proxy)
    # The durable inbox: how many chats one process handles at once, and how long a claim on
    # a chat lasts before another process may take it over (a crashed process's updates).
    update_concurrency: int = Field(default=64, ge=1, le=1024)
    inbox_lease_seconds: int = Field(default=60, ge=5, le=3600)
    # The therapists' dashboard (a Telegram Mini App served under /app/ by the same HTTP
    # server): its public HTTPS URL, opened from /dashboard and the therapists' menu button;
    # unset, the pages are still served but no button offers them. initData older than
    # WEBAPP_MAX_AGE_SECONDS is refused (the page asks to reopen it from Telegram).
    webapp_url: str | None = None
    webapp_max_age_seconds: int = Field(default=3600, ge=60, le=7 * 24 * 3600)
    # An urgent or emergency alert no therapist acknowledged within this many minutes goes
    # to the clinic's admins (or the bot's admins when there is no clinic admin).
    alert_admin_after_minutes: int = Field(default=30, ge=1, le=24 * 60)
    # Bots that pay for it may send up to 1,000 messages/s (Telegram's paid broadcasts):
    # prompts then carry allow_paid_broadcast and PROMPT_RATE may go that high.
    paid_broadcast: bool = False

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token_shape(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value.get_secret_value() if isinstance(value, SecretStr) else value).strip()
        if not text:
            return None
        if not _TOKEN_RE.match(text):
            # Never echo the value: it may be a real token with a typo.
            raise ValueError("does not look like a bot token (expected <digits>:<secret>)")
        return text

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError("must be an http(s) URL such as https://api.telegram.org/bot")
        return value.strip()

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            items = [p for p in re.split(r"[,\s;]+", value.strip()) if p]
            try:
                return frozenset(int(p) for p in items)
            except ValueError:
                raise ValueError("must be Telegram user ids separated by commas") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("retention_days", mode="before")
    @classmethod
    def _retention(cls, value: Any) -> Any:
        # Empty, "off" or 0 in the environment all mean: keep records until deleted.
        if value is None or (isinstance(value, str) and value.strip().lower() in {"", "off", "0"}):
            return None
        if value == 0:
            return None
        return value

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _webhook_url(cls, value: Any) -> Any:
        if value is None or not str(value).strip():
            return None
        parts = urlsplit(str(value).strip())
        # Telegram posts only to HTTPS URLs (the proxy in front of us ends TLS).
        if parts.scheme != "https" or not parts.netloc:
            raise ValueError("must be the public https:// URL Telegram will post updates to")
        return str(value).strip()

    @field_validator("webapp_url", mode="before")
    @classmethod
    def _webapp_url(cls, value: Any) -> Any:
        if value is None or not str(value).strip():
            return None
        text = str(value).strip()
        parts = urlsplit(text)
        # Telegram opens Mini Apps over HTTPS only; plain HTTP is for a loopback sandbox.
        local = parts.hostname in {"127.0.0.1", "localhost", "::1"}
        if not parts.netloc or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
            raise ValueError("must be the dashboard's public https:// URL (ending in /app/)")
        return text if text.endswith("/") else text + "/"

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _webhook_secret(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value.get_secret_value() if isinstance(value, SecretStr) else value).strip()
        if not text:
            return None
        # Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", text):
            raise ValueError("must be 16-256 characters of A-Z, a-z, 0-9, _ and -")
        return text

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url is not None and self.webhook_secret is None:
            # Without it anyone who finds the URL could post forged updates.
            raise ValueError("WEBHOOK_SECRET must be set when WEBHOOK_URL is")
        return self

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        if quiet_window(value) is None:
            raise ValueError('must be two times like "21:00-08:00"')
        return value.strip()

    @property
    def token(self) -> str | None:
        """The raw token, for the one place that needs it (the PTB builder)."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def webhook_token(self) -> str | None:
        """The raw webhook secret, for setWebhook and the request check only."""
        return self.webhook_secret.get_secret_value() if self.webhook_secret else None

    @property
    def file_api_url(self) -> str:
        """PTB's `base_file_url`: the same server's `/file/bot` prefix."""
        base = self.telegram_api_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment; raise `ConfigError` with one readable line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        reason = str(first["msg"]).removeprefix("Value error, ")
        if not first["loc"]:
            # A rule across settings names its variables itself.
            raise ConfigError(reason) from None
        raise ConfigError(f"{str(first['loc'][0]).upper()} {reason}") from None
