"""schemathesis against the live API: every operation of /api/v1/schema/, a bounded number of generated
requests each, with no server error and no answer that contradicts the schema. Run by .ci/run:

    python -m tests.api_fuzz [--max-examples N]

It serves a fresh SQLite database holding the report (in a temporary folder) with `manage.py runserver` on a
free port, and authenticates with a token of a user who is both an official of every agency and an
administrator, so that the writes are tried past their permission checks too.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.two_servers import free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def manage(environment, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL
    )


def make_token(environment) -> str:
    """An official of every agency who is also an administrator, and a token of theirs."""
    script = (
        "from django.contrib.auth.models import Group, User\n"
        "from tracker.models import Agency, Membership\n"
        "from tracker.services.tokens import api_token_create\n"
        "user = User.objects.create_user('fuzzer', password=None)\n"
        "user.groups.set(Group.objects.filter(name__in=['Officials', 'Administrators']))\n"
        "Membership.objects.bulk_create(Membership(user=user, agency=a) for a in Agency.objects.all())\n"
        "print(api_token_create(user=user, name='schemathesis')[1])\n"
    )
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def wait_healthy(port, server):
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"the server on port {port} stopped")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server on port {port} did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("API_FUZZ_EXAMPLES", "15")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("API_FUZZ_SEED", "20261203")))
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="api-fuzz-"))
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "true",
        "API_RATE_TOKEN": "1000000/hour",  # the run is the one client, and a fast one
        "LOG_LEVEL": "WARNING",
    }
    environment.pop("REDIS_URL", None)  # the cache in the database, like `make run`
    manage(environment, "migrate", "--noinput")
    manage(environment, "createcachetable")
    manage(environment, "load_report")
    key = make_token(environment)
    log = open(folder / "server.log", "w")  # noqa: SIM115 - open for the server's whole life
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_healthy(port, server)
        command = [
            str(Path(PYTHON).parent / "st"),
            "run",
            f"http://127.0.0.1:{port}/api/v1/schema/",
            "--header",
            f"Authorization: Bearer {key}",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--max-examples",
            str(options.max_examples),
            "--seed",
            str(options.seed),
            "--workers",
            "1",
            "--no-shrink",
            "--output-sanitize",
            "true",
        ]
        print(
            "==", " ".join(command[:3] + ["--header", "'Authorization: Bearer …'"] + command[5:]), flush=True
        )
        return subprocess.run(command, cwd=folder).returncode
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        errors = [line for line in (folder / "server.log").read_text().splitlines() if '" 500 ' in line]
        print(f"== server log: {folder / 'server.log'} ({len(errors)} answers 500)")


if __name__ == "__main__":
    sys.exit(main())
