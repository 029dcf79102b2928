import asyncio
import datetime
import fcntl
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.test import override_settings
from django.utils import timezone
from pytest_django.plugin import blocking_manager_key

from core.access import ADMINISTRATORS, OFFICIALS, REVIEWERS
from indicators.models import Series
from tracker.models import Agency, Status, Strategy
from tracker.services.updates import status_update_create

from . import factories, template_db

CHROMIUM = "/usr/bin/chromium"
# A second strategy made for the tests: its codes overlap the report's.
PLAN_B = Path(__file__).parent / "data" / "plan-b"
SCREENSHOTS = Path(__file__).parent / "screenshots"  # ignored by git


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


TEMPLATE_KEY = "tracker_template_db"  # in each xdist worker's input: the template's target and status file
_template_key = pytest.StashKey[tuple]()  # the controller's: the template's folder, target, status, builder


def pytest_configure(config):
    """Under xdist, the controller starts building the one migrated template (tests/template_db.py) while the
    workers start; each worker makes its test database from it instead of running the migrations."""
    worker = getattr(config, "workerinput", None)
    if worker is not None:
        if TEMPLATE_KEY in worker:
            target, status = worker[TEMPLATE_KEY]
            database = connections["default"]
            database.creation._create_test_db = template_db.create_from(database, target, Path(status))
        return
    if not (config.pluginmanager.hasplugin("xdist") and config.getoption("numprocesses", None)):
        return
    if config.option.collectonly:
        return
    from django.conf import settings

    folder = Path(tempfile.mkdtemp(prefix="tracker-tests-"))
    target = template_db.template_target(settings.DATABASES["default"], folder, str(os.getpid()))
    status = folder / "status"
    builder = subprocess.Popen(
        [sys.executable, "-m", "tests.template_db", target, str(status)],
        cwd=Path(__file__).parent.parent,
        stdout=subprocess.DEVNULL,
    )
    config.stash[_template_key] = (folder, target, status, builder)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist, in the controller, for each worker it starts: where the template is and when it is ready."""
    if _template_key not in node.config.stash:
        return
    folder, target, status, builder = node.config.stash[_template_key]
    node.workerinput[TEMPLATE_KEY] = [target, str(status)]


def pytest_unconfigure(config):
    if _template_key not in config.stash:
        return
    from django.conf import settings

    folder, target, status, builder = config.stash[_template_key]
    if builder.poll() is None:
        builder.terminate()
    builder.wait()
    with config.stash[blocking_manager_key].unblock():
        template_db.drop(settings.DATABASES["default"], target)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "en"


@contextmanager
def shared_records(django_db_blocker):
    """For a fixture of module (or class) scope: the records it makes are made once for several tests, in a
    transaction rolled back after the last of them; each test runs inside it in a savepoint of its own and is
    rolled back to it, like any test. Not for a module with transactional tests (they would empty it)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


def _empties_database(item) -> bool:
    """Whether `item` runs outside a transaction: its database is emptied after it."""
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("transaction"))


def _restores_database(item) -> bool:
    """Whether `item` restores the database's first contents before it runs (serialized_rollback)."""
    return _empties_database(item) and bool(
        item.get_closest_marker("django_db").kwargs.get("serialized_rollback")
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, Django empties the database and leaves it so, restoring what the
    migrations wrote (the groups, their permissions) only at the start of the next transactional test. A
    worker that takes work from another (--dist worksteal) can run an ordinary test next: restore it for that
    one here."""
    yield
    # After the last test the session's fixtures are gone, the test database with them.
    if nextitem is None or not _empties_database(item):
        return
    database = connections["default"]
    if database.settings_dict["NAME"] != database.creation._get_test_db_name():
        return  # no test database was made (the test was skipped first): never touch the real one
    with item.config.stash[blocking_manager_key].unblock():
        # Nor does the flush empty the cache's table, which is no model's: sign-in lockouts would outlive the
        # test that caused them. (A cache shared with others, Redis, is left alone.)
        if isinstance(caches["default"], DatabaseCache):
            caches["default"].clear()
        if not _restores_database(nextitem) and hasattr(database, "_test_serialized_contents"):
            database.creation.deserialize_db_from_string(database._test_serialized_contents)


def _rows():
    """Every row of every table Django manages, as {model: {primary key: row}}."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and model._meta.db_table != "tracker_cache":
            names = _columns(model)
            key = names.index(model._meta.pk.attname)
            rows[model] = {row[key]: row for row in model._base_manager.order_by().values_list(*names)}
    return rows


def _columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


@pytest.fixture(scope="session")
def _loads(django_db_setup, django_db_blocker, request):
    """What runs of `load_report` write, worked out once per session: the runs (each a tuple of the command's
    arguments) go inside a transaction that is rolled back, and the rows they wrote are kept to be inserted
    again (in bulk) by each test that wants them. The tests of load_report itself still run it. Under xdist
    the first worker to need some runs works them out for all (`_shared`)."""
    worked_out = {}
    worker = getattr(request.config, "workerinput", {})
    folder = Path(worker[TEMPLATE_KEY][1]).parent if TEMPLATE_KEY in worker else None

    def rows_for(*runs: tuple) -> dict:
        if runs not in worked_out:
            worked_out[runs] = _shared(folder, runs, work_out) if folder else work_out(runs)
        return worked_out[runs]

    def work_out(runs: tuple) -> dict:
        # DEBUG: the demo accounts and samples are refused without it; their passwords hashed as the
        # tests' own (_fast_and_isolated).
        with (
            django_db_blocker.unblock(),
            transaction.atomic(),
            override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHERS),
        ):
            before = _rows()
            # Worked out on tables the report fills from nothing, or the kept rows would lack some.
            filled = [m.__name__ for m in (Strategy, Status, Agency, Series) if before[m]]
            assert not filled, f"request `report` before fixtures that create {', '.join(filled)}"
            for arguments in runs:
                call_command("load_report", *arguments, verbosity=0)
            added = {}
            for model, rows in _rows().items():
                old = before[model]
                changed = [pk for pk, row in rows.items() if pk in old and old[pk] != row]
                assert not changed, f"load_report changed rows of {model.__name__}: insert-only snapshot"
                new = [row for pk, row in rows.items() if pk not in old]
                if new:
                    added[model] = new
            transaction.set_rollback(True)
        return added

    return rows_for


def _shared(folder: Path, runs: tuple, work_out) -> dict:
    """The rows of `runs` as the first worker to need them worked them out (in the template's folder; the
    others wait for it), or worked out here."""
    path = folder / f"loads-{hashlib.sha256(repr(runs).encode()).hexdigest()[:16]}.pickle"
    with open(folder / "loads.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():  # models by label: Django's own many-to-many tables are no importable class
            return {apps.get_model(label): rows for label, rows in pickle.loads(path.read_bytes()).items()}
        rows = work_out(runs)
        path.write_bytes(pickle.dumps({model._meta.label: values for model, values in rows.items()}))
        return rows


def load_snapshot(rows: dict) -> None:
    """Insert rows kept by `_loads`, with their primary keys, and move the id sequences past them."""
    with transaction.atomic():
        for model, values in rows.items():
            names = _columns(model)
            model._base_manager.bulk_create([model(**dict(zip(names, row, strict=True))) for row in values])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(rows)):
                    cursor.execute(sql)


@pytest.fixture
def report(db, _loads):
    """The report (ta9036) as `load_report` loads it; its rows are read once per session."""
    load_snapshot(_loads(()))


@pytest.fixture
def report_and_plan_b(db, _loads):
    """The report, then plan B beside it, as two runs of `load_report` load them."""
    load_snapshot(_loads((), (str(PLAN_B),)))


@pytest.fixture
def demo(db, _loads):
    """The report, demo accounts and sample rounds, as `make run` loads them (`load_report --demo`)."""
    load_snapshot(_loads(("--demo",)))


@pytest.fixture
def statuses(db):
    """The seed vocabulary: not started, in progress, delayed (needs a reason), completed, discontinued."""
    return factories.seed_statuses()


@pytest.fixture
def reason(db):
    return factories.ReasonCodeFactory(code="funding", name="Funding")


@pytest.fixture
def lead_agency(db):
    return factories.AgencyFactory(code="LEAD", name="Lead department")


@pytest.fixture
def supporting_agency(db):
    return factories.AgencyFactory(code="SUPPORT", name="Supporting department")


@pytest.fixture
def other_agency(db):
    return factories.AgencyFactory(code="OTHER", name="Unrelated department")


@pytest.fixture
def action(db, lead_agency, supporting_agency):
    action = factories.ActionFactory(code="1.1", lead_agency=lead_agency)
    factories.ActionSupportFactory(action=action, agency=supporting_agency)
    return action


@pytest.fixture
def lead_official(db, lead_agency):
    return factories.official(lead_agency, username="lead-official")


@pytest.fixture
def supporting_official(db, supporting_agency):
    return factories.official(supporting_agency, username="support-official")


@pytest.fixture
def other_official(db, other_agency):
    return factories.official(other_agency, username="other-official")


@pytest.fixture
def reviewer(db):
    user = factories.UserFactory(username="reviewer")
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return user


@pytest.fixture
def reviewer_client(client, reviewer):
    """The test client, signed in as the reviewer."""
    client.force_login(reviewer)
    return client


@pytest.fixture
def administrator(db):
    user = factories.UserFactory(username="administrator", is_staff=True)
    user.groups.add(Group.objects.get(name=ADMINISTRATORS))
    return user


@pytest.fixture
def officials_group(db):
    return Group.objects.get(name=OFFICIALS)


@pytest.fixture
def log_data(statuses):
    """A valid POST of the log progress form: in progress, 60%, today."""
    return {
        "status": statuses["in-progress"].pk,
        "progress": "60",
        "reported_on": timezone.localdate().isoformat(),
        "narrative": "The working group met and agreed the plan.",
        "evidence_url": "",
        "reason": "",
        "reason_text": "",
        "corrects": "",
    }


@pytest.fixture
def update_with_file(action, lead_official, statuses):
    """An update of `action` by the lead official with a PDF, logged through the service."""
    return status_update_create(
        action=action,
        status=statuses["in-progress"],
        progress=40,
        reported_on=timezone.localdate(),
        narrative="Draft rules published.",
        author=lead_official,
        agency=action.lead_agency,
        evidence_file=factories.evidence_file("Draft rules.pdf"),
        evidence_filename="Draft rules.pdf",
    )


@pytest.fixture
def completed_by_mistake(action, lead_official, statuses):
    """An update of `action` marked "Completed", 100%, on 2 March 2026, by mistake."""
    return status_update_create(
        action=action,
        status=statuses["completed"],
        progress=100,
        reported_on=datetime.date(2026, 3, 2),
        narrative="Marked complete by mistake.",
        author=lead_official,
    )


@pytest.fixture
def corrected_update(completed_by_mistake, lead_official, statuses):
    """`completed_by_mistake`, corrected by a later update of the same date ("In progress", 40%)."""
    status_update_create(
        action=completed_by_mistake.action,
        status=statuses["in-progress"],
        progress=40,
        reported_on=completed_by_mistake.reported_on,
        narrative="Right.",
        author=lead_official,
        corrects=completed_by_mistake,
        correction_reason="Not finished.",
    )
    return completed_by_mistake


@pytest.fixture
def catalogue(db, statuses):
    """Four actions in two categories, led and supported by three agencies, in every kind of state.

    1.1  category 1, lead A, support B, in progress today, due a year ago (overdue)
    1.2  category 1, lead B, completed, due a year ago (final, so not overdue)
    2.1  category 2, lead C, support A, delayed 200 days ago, due in a year
    2.2  category 2, lead A, no update yet, due in two years, "harbour" in its description
    """
    today = timezone.localdate()
    year = datetime.timedelta(days=365)
    one = factories.CategoryFactory(code="1", name="Economic Structure")
    two = factories.CategoryFactory(code="2", name="Port Management")
    a = factories.AgencyFactory(code="A", name="Agency A")
    b = factories.AgencyFactory(code="B", name="Agency B")
    c = factories.AgencyFactory(code="C", name="Agency C")
    actions = {
        "1.1": factories.ActionFactory(
            code="1.1", title="Raise R&D", category=one, lead_agency=a, due_date=today - year
        ),
        "1.2": factories.ActionFactory(
            code="1.2", title="Cut red tape", category=one, lead_agency=b, due_date=today - year
        ),
        "2.1": factories.ActionFactory(
            code="2.1", title="Merge ports", category=two, lead_agency=c, due_date=today + year
        ),
        "2.2": factories.ActionFactory(
            code="2.2",
            title="Dredge channels",
            category=two,
            lead_agency=a,
            due_date=today + 2 * year,
            description="Deepen the harbour at Dandong.",
        ),
    }
    factories.ActionSupportFactory(action=actions["1.1"], agency=b)
    factories.ActionSupportFactory(action=actions["2.1"], agency=a)
    factories.status_update(actions["1.1"], statuses["in-progress"], progress=40)
    factories.status_update(actions["1.2"], statuses["completed"])
    factories.status_update(
        actions["2.1"], statuses["delayed"], reported_on=today - datetime.timedelta(days=200)
    )
    for action in actions.values():
        action.refresh_from_db()
    return actions


@pytest.fixture(scope="session")
def _chromium():
    """One Chromium (and one Playwright driver) per test process, started by its first browser test: starting
    them for every test cost about a second of CPU each time."""
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        message = (
            f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); the browser test needs it."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
    except BaseException:
        playwright.stop()
        _loop_marked(None)
        raise
    loop = asyncio.get_running_loop()  # Playwright's, marked as running
    _loop_marked(None)
    try:
        yield browser, loop
    finally:
        _loop_marked(loop)
        try:
            browser.close()
        finally:
            playwright.stop()
            _loop_marked(None)


def _loop_marked(loop) -> None:
    """Playwright's sync API marks its event loop as running in this thread between its calls (and needs it so
    marked when called); Django refuses database access while a loop runs, and asgiref's async_to_sync refuses
    to start. The mark is set only while a browser test runs, so that no other test of the process sees it."""
    asyncio._set_running_loop(loop)


@pytest.fixture
def browser(_chromium, monkeypatch):
    """Debian's Chromium driven by Playwright; skipped without it, except under CI, where it must run. Each
    test opens pages (each in a context of its own: cookies, viewport, language); they are closed after it."""
    browser, loop = _chromium
    # Django refuses database access in a thread where an event loop runs: the test's own queries need it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _loop_marked(loop)
    try:
        yield browser
    finally:
        try:
            for context in browser.contexts:
                context.close()
        finally:
            # Connections the live server's requests opened are closed here, so that PostgreSQL can drop the
            # test database; and no other test may see the loop marked.
            connections.close_all()
            _loop_marked(None)
