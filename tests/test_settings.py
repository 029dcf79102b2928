"""Settings read from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys

from django.conf import settings


def start(**environment):
    names = {"SECRET_KEY", "SECRET_KEY_FILE", "DEBUG", "DATABASE_URL", "EMAIL_BACKEND", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in names}
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


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "tracker.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def test_production_with_secret_key_starts():
    assert start(**PRODUCTION).returncode == 0


def test_production_reads_the_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text("y" * 50 + "\n")
    environment = {**PRODUCTION, "SECRET_KEY": "", "SECRET_KEY_FILE": str(key_file)}

    result = start(**environment)

    assert result.returncode == 0, result.stderr


def test_production_without_a_mail_backend_refuses_to_start():
    # The console backend would print password-reset links into the log.
    result = start(**{**PRODUCTION, "EMAIL_BACKEND": ""})

    assert result.returncode != 0
    assert "EMAIL_BACKEND is not set" in result.stderr


def test_production_may_choose_the_console_mail_backend_explicitly():
    environment = {**PRODUCTION, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}

    assert start(**environment).returncode == 0


def settings_value(expression, **environment):
    """A setting as the settings module computes it for `environment`."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            # The settings module alone computes them: no need to load every app.
            f"from django.conf import settings; print({expression})",
        ],
        env={**env, **environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_redis_url_puts_every_cache_and_the_lockout_counters_on_redis():
    backend = (
        'settings.CACHES["default"]["BACKEND"], settings.CACHES["default"]["LOCATION"], settings.AXES_HANDLER'
    )

    assert settings_value(backend, REDIS_URL="redis://127.0.0.1:6379/7") == (
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/7 "
        "axes.handlers.cache.AxesCacheHandler"
    )
    assert settings_value(backend).startswith("django.core.cache.backends.db.DatabaseCache tracker_cache")


def test_https_settings_come_from_the_environment():
    names = "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.SECURE_PROXY_SSL_HEADER"
    environment = {"SECURE_SSL_REDIRECT": "true", "SECURE_HSTS_SECONDS": "31536000", "BEHIND_PROXY": "true"}

    assert settings_value(names, **environment) == "True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_s3_bucket_switches_the_evidence_storage():
    value = settings_value('settings.STORAGES["default"]["BACKEND"]', AWS_STORAGE_BUCKET_NAME="evidence")

    assert value == "storages.backends.s3.S3Storage"


def test_malformed_boolean_is_refused_with_its_name():
    result = start(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_defaults_suit_development():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.SESSION_COOKIE_AGE == 60 * 60  # an hour without a request ends a session
    assert [code for code, _name in settings.LANGUAGES] == ["en", "zh-hans"]
