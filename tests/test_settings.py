"""Settings read from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys

from django.conf import settings


def start(**environment):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_refuses_to_start():
    result = start(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_with_secret_key_starts():
    assert start(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="tracker.example.org").returncode == 0


def test_malformed_boolean_is_refused_with_its_name():
    result = start(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_defaults_suit_development():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert [code for code, _name in settings.LANGUAGES] == ["en", "zh-hans"]
