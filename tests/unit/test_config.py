"""Settings: accepted URL forms, and one clear line naming the variable for a wrong value."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings, normalise_database_url

TOKEN = "123456:" + "A" * 35


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_URL",
        "DATABASE_URL",
        "ADMIN_IDS",
        "LOG_LEVEL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]  # no stray .env file


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sqlite:///toebot.db", "sqlite+aiosqlite:///toebot.db"),
        ("sqlite:////var/lib/toebot.db", "sqlite+aiosqlite:////var/lib/toebot.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://u:p@db:5432/toebot", "postgresql+asyncpg://u:p@db:5432/toebot"),
        ("postgres://u:p@host/db", "postgresql+asyncpg://u:p@host/db"),
        ("postgres://u:p@host/db?sslmode=require", "postgresql+asyncpg://u:p@host/db?ssl=require"),
        ("postgresql+psycopg2://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_database_url_forms(raw: str, expected: str) -> None:
    assert normalise_database_url(raw) == expected


def test_defaults_without_environment() -> None:
    settings = load_settings()
    assert settings.token is None
    assert settings.database_url == "sqlite+aiosqlite:///toebot.db"
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.admin_ids == frozenset()


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("ADMIN_IDS", "11, 22 33")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081/bot")
    settings = load_settings()
    assert settings.token == TOKEN
    assert settings.admin_ids == frozenset({11, 22, 33})
    assert settings.log_level == "DEBUG"
    assert settings.file_api_url == "http://127.0.0.1:8081/file/bot"
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.model_dump())


@pytest.mark.parametrize(
    ("name", "value", "starts"),
    [
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL has an unsupported scheme"),
        ("DATABASE_URL", "toebot.db", "DATABASE_URL is not a URL"),
        ("ADMIN_IDS", "alice", "ADMIN_IDS must be Telegram user ids"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
        ("TELEGRAM_API_URL", "ftp://x", "TELEGRAM_API_URL must be an http(s) URL"),
        ("TELEGRAM_BOT_TOKEN", "123:short-secret-typo", "TELEGRAM_BOT_TOKEN does not look like"),
    ],
)
def test_wrong_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, starts: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert message.startswith(starts)
    assert "\n" not in message
    if name == "TELEGRAM_BOT_TOKEN":
        assert value not in message


def test_cli_prints_one_line_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.__main__ import main

    monkeypatch.setenv("DATABASE_URL", "mysql://nope")
    assert main(["migrate"]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "toebot: DATABASE_URL has an unsupported scheme 'mysql'; use sqlite:///path.db or postgresql://..."
    ]


@pytest.mark.parametrize(
    ("raw", "expected"), [("", None), ("off", None), ("0", None), ("365", 365), (" 30 ", 30)]
)
def test_retention_days(monkeypatch: pytest.MonkeyPatch, raw: str, expected: int | None) -> None:
    monkeypatch.setenv("RETENTION_DAYS", raw)
    assert load_settings().retention_days == expected


@pytest.mark.parametrize("raw", ["3", "forever", "-5"])
def test_wrong_retention_days_names_the_variable(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("RETENTION_DAYS", raw)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(info.value).startswith("RETENTION_DAYS")


def test_retention_is_off_by_default() -> None:
    assert load_settings().retention_days is None
