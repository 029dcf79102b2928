"""Two app servers, one state: `make serve` twice on two ports, with one PostgreSQL, one Redis, one folder.

A session made on one works on the other, an evidence file uploaded through one downloads through the
other, and a lockout earned on one holds on the other. Run by .ci/run:

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/1 python -m tests.two_servers

Ports are free ones unless TWO_SERVERS_PORTS=8101,8102 names them; the media folder is a fresh temporary one.
"""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "two-servers-" + secrets.token_hex(8)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of one: cookies by hand (they are Secure, and this is plain HTTP on the loopback)."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), content

    def csrf(self, port, path):
        status, _headers, content = self.request(port, "GET", path)
        assert status == 200, (path, status)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()

    def login(self, port, username, password):
        token = self.csrf(port, "/accounts/login/")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password, "otp_token": ""}
        )
        return self.request(
            port, "POST", "/accounts/login/", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "----two-servers-" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def start_server(port, environment, log):
    return subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"HOST=127.0.0.1:{port}", "WORKERS=2"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: gunicorn's workers stop with it
    )


def wait_healthy(port, server, seconds=300):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"make serve on port {port} stopped (exit {server.returncode}); see its log.")
        try:
            status, _headers, content = Browser().request(port, "GET", "/healthz")
            if status == 200:
                print(f"port {port}: {content.decode()}")
                return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"make serve on port {port} did not answer /healthz within {seconds} s.")


def prepare_accounts(environment) -> dict:
    """An official of an action's lead agency, with a password (the report's data is loaded by make serve)."""
    os.environ.update(environment)
    import django

    django.setup()
    from django.contrib.auth.models import Group

    from tests.factories import official
    from tracker.models import Action, Status

    action = Action.objects.select_related("strategy", "lead_agency").order_by("code").first()
    user = official(action.lead_agency, username="two-servers-" + secrets.token_hex(4))
    user.set_password(PASSWORD)
    user.save()
    assert Group.objects.filter(name="Officials", user=user).exists()
    # An open status without a reason whose range holds the 30% logged below.
    status = (
        Status.objects.filter(needs_reason=False, outcome="open", min_progress__lte=30, max_progress__gte=30)
        .order_by("order")
        .first()
    )
    return {"username": user.username, "log_path": action.get_log_url(), "status": status.pk}


def check(label, condition, detail=""):
    print(
        ("ok    " if condition else "FAIL  ") + label + (f" ({detail})" if detail and not condition else "")
    )
    return condition


def main() -> int:
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            raise SystemExit(f"{name} must be set: the servers share one PostgreSQL and one Redis.")
    ports = [int(p) for p in os.environ.get("TWO_SERVERS_PORTS", "").split(",") if p] or [
        free_port(),
        free_port(),
    ]
    media = tempfile.mkdtemp(prefix="two-servers-media-")
    environment = {
        **os.environ,
        "MEDIA_ROOT": media,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    environment.pop("DEBUG", None)
    logs = [open(Path(media).parent / f"two-servers-{port}.log", "w") for port in ports]  # noqa: SIM115
    servers = []
    try:
        # One after the other, so that only the first migrates and loads the report.
        for port, log in zip(ports, logs, strict=True):
            servers.append(start_server(port, environment, log))
            wait_healthy(port, servers[-1])
        a, b = ports
        accounts = prepare_accounts({**environment, "DJANGO_SETTINGS_MODULE": "config.settings"})
        results = []

        browser = Browser()
        status, headers, _ = browser.login(a, accounts["username"], PASSWORD)
        results.append(check(f"signed in on :{a}", status == 302, f"{status}"))
        status, _headers, content = browser.request(b, "GET", "/my-actions/")
        results.append(
            check(
                f"the session works on :{b}",
                status == 200 and accounts["username"].encode() in content,
                status,
            )
        )

        log_path = accounts["log_path"]
        token = browser.csrf(a, log_path)
        evidence = b"%PDF-1.4\n% two servers\n" + secrets.token_bytes(2048) + b"\n%%EOF\n"
        body, content_type = multipart(
            {
                "csrfmiddlewaretoken": token,
                "status": accounts["status"],
                "progress": "30",
                "reported_on": time.strftime("%Y-%m-%d"),
                "narrative": "Logged through one server, read through the other.",
            },
            {"evidence_file": ("minutes.pdf", evidence)},
        )
        status, _headers, _ = browser.request(a, "POST", log_path, body, {"Content-Type": content_type})
        results.append(check(f"evidence uploaded through :{a}", status == 302, status))
        from tracker.models import StatusUpdate

        update = StatusUpdate.objects.exclude(evidence_file="").latest("created_at")
        status, headers, content = browser.request(b, "GET", f"/evidence/{update.pk}/")
        results.append(
            check(f"the same file downloads through :{b}", status == 200 and content == evidence, status)
        )
        results.append(
            check(
                "the download is not kept by caches", "no-store" in headers.get("Cache-Control", ""), headers
            )
        )

        guesser = Browser()
        from django.conf import settings

        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            guesser.login(a, accounts["username"], "wrong-password")
        status, _headers, content = guesser.login(b, accounts["username"], PASSWORD)
        results.append(
            check(
                f"{settings.AXES_FAILURE_LIMIT} wrong passwords on :{a} lock the account out on :{b}",
                status == 429 and b"Sign-in paused" in content,
                status,
            )
        )
        print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
        return 0 if all(results) else 1
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=60)
        for log in logs:
            log.close()


if __name__ == "__main__":
    sys.exit(main())
