"""Start-up configuration as an operator meets it: run manage.py in a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "PMB_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_missing_secret_key_with_debug_off_fails_clearly():
    result = run_manage("check", DATABASE_URL="sqlite:////tmp/x.sqlite3")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_missing_database_url_with_debug_off_fails_clearly():
    result = run_manage("check", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_bad_boolean_is_refused():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "Q9!x" * 10,
        DATABASE_URL="postgres://pmb:pmb@127.0.0.1:5432/pmb",
        ALLOWED_HOSTS="pmb.example.ac.id",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_set():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY="k" * 60,
        DATABASE_URL="sqlite:////tmp/pmb-settings-test.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_code_only_commands_run_without_production_secrets():
    # `makemigrations --check` on a developer's machine or in a hook needs no SECRET_KEY ...
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    # ... while anything that could serve or touch data still refuses to start.
    assert "SECRET_KEY is not set" in run_manage("migrate").stderr
