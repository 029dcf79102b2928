"""`load_report` never overwrites people's work: a second load writes nothing, rows edited since loading are
listed as kept, and only `--update --yes` overwrites them (after `--update` has listed every change)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tracker.models import Action, ActionSeries, ActionSupport, Agency, Category, Status, Strategy

pytestmark = pytest.mark.django_db

MODELS = [Strategy, Status, Agency, Category, Action, ActionSupport, ActionSeries]


def load(*args, **options):
    out = io.StringIO()
    call_command("load_report", *args, stdout=out, **options)
    return out.getvalue()


def database():
    """Every row and every history record of the models a load writes."""
    return {
        model.__name__: (list(model.objects.order_by("pk").values()), model.history.count())
        for model in MODELS
    }


def change_form_data(page) -> dict:
    """The admin change form as the browser would send it back, with its inline forms."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            data[form.add_prefix(name)] = "" if value is None else str(value)

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


@pytest.fixture
def admin_client_(client, administrator):
    client.force_login(administrator)
    return client


def edit_in_admin(client, action, **changes):
    url = reverse("admin:tracker_action_change", args=[action.pk])
    data = {**change_form_data(client.get(url)), **changes}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Action.objects.get(pk=action.pk)


def test_second_load_writes_nothing(db):
    load(verbosity=0)
    before = database()

    output = load()

    assert database() == before
    assert "actions.csv: 33 unchanged\n" in output
    assert "kept" not in output.lower()


def test_load_keeps_an_edit_made_in_the_admin_until_update_yes(admin_client_, administrator):
    load(verbosity=0)
    action = Action.objects.get(strategy__code="ta9036", code="2.5")
    edited = edit_in_admin(admin_client_, action, due_date="2027-06-30", change_reason="Agreed with Dalian")
    assert edited.due_date == datetime.date(2027, 6, 30)
    before = database()

    again = load(verbosity=2)

    assert database() == before  # nothing written, not even a history record
    assert "actions.csv: 32 unchanged, kept 1 row that differs from the file\n  kept 2.5: due_date\n" in again
    assert "Kept 1 row as the database has them" in again

    preview = load("--update")

    assert database() == before
    assert "actions.csv 2.5: due_date 2027-06-30 → (empty)\n" in preview
    assert "actions.csv: 1 to update, 32 unchanged" in preview
    assert "Nothing was written. Run again with --update --yes to make these changes." in preview

    done = load("--update", "--yes")

    assert "actions.csv 2.5: due_date 2027-06-30 → (empty)\n" in done
    assert "actions.csv: 1 updated, 32 unchanged" in done
    action.refresh_from_db()
    assert action.due_date is None
    latest, edit = action.history.all()[:2]
    assert (latest.due_date, latest.history_change_reason, latest.history_user) == (
        None,
        "manage.py load_report --update",
        None,
    )
    assert (edit.due_date, edit.history_change_reason, edit.history_user) == (
        datetime.date(2027, 6, 30),
        "Agreed with Dalian",
        administrator,
    )
    assert load().count("unchanged") == 10  # and now the database holds the files again


def test_update_lists_new_rows_and_every_changed_column(db):
    load(verbosity=0)
    Agency.objects.filter(code="LPDF").update(name_en="Finance Department", short_name_en="Finance")
    action = Action.objects.get(code="1.3")
    action.supports.filter(agency__code="FUXIN").delete()
    Category.objects.filter(code="7").update(source="")
    Action.objects.filter(code="7.4").delete()

    preview = load("--update")

    assert preview.splitlines()[:5] == [
        "agencies.csv LPDF: name_en Finance Department → Liaoning Provincial Department of Finance",
        "agencies.csv LPDF: short_name_en Finance → LPDF",
        "categories.csv 7: source (empty) → ¶112; ¶123",
        "actions.csv 1.3: supporting_agencies CHAOYANG;SHENYANG → CHAOYANG;FUXIN;SHENYANG",
        "actions.csv 7.4: new row",
    ]


def test_load_creates_rows_missing_from_the_database_and_keeps_the_rest(db):
    load(verbosity=0)
    Action.objects.filter(code="7.4").delete()
    Action.objects.filter(code="7.3").update(title_en="Retitled by an administrator")

    output = load()

    assert Action.objects.get(code="7.4").title_en == "Invest in and redesign higher and vocational education"
    assert Action.objects.get(code="7.3").title_en == "Retitled by an administrator"
    assert "actions.csv: 1 new, 31 unchanged, kept 1 row that differs from the file" in output


def test_load_history_names_the_command(db):
    load(verbosity=0)

    assert set(Action.history.values_list("history_change_reason", flat=True)) == {"manage.py load_report"}


def test_dry_run_and_update_without_yes_write_nothing(db):
    load("--dry-run", verbosity=0)
    load("--update", verbosity=0)

    assert not Strategy.objects.exists() and not Action.objects.exists()


def test_yes_without_update_is_refused(db):
    with pytest.raises(CommandError, match="--yes confirms the changes of --update"):
        load("--yes")


def test_folder_as_option_or_argument(tmp_path, db):
    from tracker.management.commands.load_report import DEFAULT_FOLDER

    load("--folder", str(DEFAULT_FOLDER), verbosity=0)
    assert Strategy.objects.get().code == "ta9036"
    with pytest.raises(CommandError, match="Give the folder once"):
        load(str(DEFAULT_FOLDER), "--folder", str(tmp_path))


def test_make_run_twice_keeps_an_edit(db, settings):
    """`make run` runs `load_report --demo` on every start."""
    settings.DEBUG = True
    load("--demo", verbosity=0)
    Action.objects.filter(code="2.5").update(due_date=datetime.date(2027, 6, 30))

    load("--demo", verbosity=0)

    assert Action.objects.get(code="2.5").due_date == datetime.date(2027, 6, 30)
