"""Settings: read from the environment once, frozen, and a bad value named in one line."""

import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from helpers import assign
from pydantic import ValidationError

import app.__main__ as entry
from app.config import PROJECT_ROOT, Settings, SettingsError

VARIABLES = [
    "HOST",
    "PORT",
    "WEB_CONCURRENCY",
    "SITE_URL",
    "DATABASE_PATH",
    "SEED_DIR",
    "TODAY",
    "ACCESS_LOG",
    "PREBUILT",
]


@pytest.fixture
def environ(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """An environment with none of our variables set, for the test to set its own."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_without_any_variable(environ: pytest.MonkeyPatch) -> None:
    settings = Settings()
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 8000, 1)
    assert settings.site_url == "http://127.0.0.1:8000"
    assert settings.database_path == PROJECT_ROOT / ".data" / "explainer.db"
    assert settings.seed_dir == PROJECT_ROOT / "seed"
    assert settings.prebuilt and settings.access_log and settings.pinned_today is None


def test_every_variable_is_read(environ: pytest.MonkeyPatch, tmp_path: Path) -> None:
    values = {
        "HOST": "127.0.0.2",
        "PORT": "8190",
        "WEB_CONCURRENCY": "3",
        "SITE_URL": "https://explainer.example/",
        "DATABASE_PATH": str(tmp_path / "x.db"),
        "SEED_DIR": str(tmp_path),
        "TODAY": "2025-01-15",
        "ACCESS_LOG": "0",
        "PREBUILT": "0",
    }
    for name, value in values.items():
        environ.setenv(name, value)
    settings = Settings()
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.2", 8190, 3)
    assert settings.site_url == "https://explainer.example"
    assert settings.database_path == tmp_path / "x.db" and settings.seed_dir == tmp_path
    assert settings.today() == date(2025, 1, 15)
    assert not settings.access_log and not settings.prebuilt


def test_site_url_defaults_to_the_address_served(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("PORT", "8063")
    assert Settings().site_url == "http://127.0.0.1:8063"
    environ.setenv("HOST", "0.0.0.0")  # listening everywhere: links name the loopback address
    assert Settings().site_url == "http://127.0.0.1:8063"
    assert Settings(host="::1").site_url == "http://[::1]:8063"


def test_keywords_win_over_the_environment(environ: pytest.MonkeyPatch) -> None:
    environ.setenv("PORT", "abc")
    environ.setenv("WEB_CONCURRENCY", "4")
    settings = Settings(port=8191, workers=2, pinned_today=date(2025, 1, 15))
    assert (settings.port, settings.workers, settings.site_url) == (
        8191,
        2,
        "http://127.0.0.1:8191",
    )


def test_settings_are_frozen_and_copied_with_changes(environ: pytest.MonkeyPatch) -> None:
    settings = Settings()
    with pytest.raises(ValidationError):
        assign(settings, "port", 9000)
    other = settings.model_copy(update={"site_url": "https://explainer.example"})
    assert other.site_url == "https://explainer.example" and settings.port == other.port


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORT", "abc", "settings: PORT: Input should be a valid integer"),
        ("PORT", "70000", "settings: PORT: Input should be less than or equal to 65535"),
        ("WEB_CONCURRENCY", "two", "settings: WEB_CONCURRENCY: Input should be a valid integer"),
        ("TODAY", "yesterday", "settings: TODAY: Input should be a valid date"),
        ("PREBUILT", "maybe", "settings: PREBUILT: Input should be a valid boolean"),
    ],
)
def test_a_bad_value_names_its_variable(
    environ: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    environ.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        Settings()
    assert str(raised.value).startswith(message)
    assert f"(got {value!r})" in str(raised.value) and "\n" not in str(raised.value)


def test_python_m_app_reports_a_bad_setting_in_one_line() -> None:
    env = {**os.environ, "PORT": "abc"}
    for command in ([], ["export", "unused"]):
        result = subprocess.run(
            [sys.executable, "-m", "app", *command],
            env=env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2
        assert result.stderr.startswith("settings: PORT: Input should be a valid integer")
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_start_up_logs_the_origin_in_use(
    settings: Settings, environ: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    served: dict[str, object] = {}
    environ.setattr(uvicorn, "run", lambda app, **options: served.update(options))
    environ.setattr(entry, "raise_descriptor_limit", lambda: None)
    environ.setenv("PORT", "8063")
    environ.setenv("DATABASE_PATH", str(settings.database_path))  # built already: no rebuild
    with caplog.at_level(logging.INFO, logger="uvicorn.error"):
        assert entry.main([]) == 0
    assert served["port"] == 8063
    origins = [r.getMessage() for r in caplog.records if "site origin" in r.getMessage()]
    assert origins == ["site origin http://127.0.0.1:8063 (SITE_URL)"]
