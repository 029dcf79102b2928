"""Administrators in the admin: history with the user, spreadsheet imports, bulk updates, edit conflicts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils import timezone

from core.admin import describe_change
from indicators.admin import ObservationForm
from indicators.models import Observation, Series
from tracker.models import Action, ActionSupport, Category, StatusUpdate
from tracker.services.updates import status_update_create

from . import factories

CSV = "0"  # position of CSV in settings.IMPORT_FORMATS


def admin_import(client, url_name, text, name="data.csv", **choices):
    """Upload a file on the admin's import page (with `choices`, such as the strategy); if the dry run found
    no problem, confirm it."""
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    response = client.post(
        reverse(url_name), {"import_file": upload, "format": CSV, "resource": "0", **choices}
    )
    confirm = response.context.get("confirm_form") if response.context else None
    if (
        confirm is None
        or response.context["result"].has_errors()
        or response.context["result"].has_validation_errors()
    ):
        return response, None
    process_url = url_name.replace("_import", "_process_import")
    data = {**confirm.initial, "resource": "0"}
    return response, client.post(reverse(process_url), data)


@pytest.fixture
def admin_client_(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.django_db
def test_admin_create_change_delete_recorded_with_user_and_reason(admin_client_, administrator):
    strategy = factories.StrategyFactory()
    add = admin_client_.post(
        reverse("admin:tracker_category_add"),
        {"strategy": strategy.pk, "code": "8", "name_en": "Tourism", "name_zh_hans": "旅游", "source": "¶116",
         "change_reason": "New"},
    )  # fmt: skip
    assert add.status_code == 302, add.context["adminform"].form.errors if add.context else add
    category = Category.objects.get(code="8")
    change_page = admin_client_.get(reverse("admin:tracker_category_change", args=[category.pk]))
    revision = change_page.context["adminform"].form["revision"].value()
    admin_client_.post(
        reverse("admin:tracker_category_change", args=[category.pk]),
        {"strategy": strategy.pk, "code": "8", "name_en": "Tourism and services",
         "name_zh_hans": "旅游和服务", "source": "¶116", "revision": revision,
         "change_reason": "Wider scope"},
    )  # fmt: skip
    admin_client_.post(reverse("admin:tracker_category_delete", args=[category.pk]), {"post": "yes"})
    history = Category.history.filter(code="8").order_by("history_date")
    assert [(h.history_type, h.name_en, h.history_user, h.history_change_reason) for h in history] == [
        ("+", "Tourism", administrator, "New"),
        ("~", "Tourism and services", administrator, "Wider scope"),
        ("-", "Tourism and services", administrator, None),
    ]


@pytest.mark.django_db
def test_admin_history_page_lists_changed_fields(admin_client_):
    category = factories.CategoryFactory(code="8", name="Tourism")
    category.name_en = "Tourism and services"
    category.save()
    page = admin_client_.get(reverse("admin:tracker_category_history", args=[category.pk]))
    assert "Tourism and services" in page.content.decode()


@pytest.mark.django_db
def test_admin_import_records_history_with_user(admin_client_, administrator):
    factories.SeriesFactory(code="LN-GDP")
    text = "series,period,value,source_ref,note\nLN-GDP,2015,28669.0,Table 1,\n"
    _, done = admin_import(admin_client_, "admin:indicators_observation_import", text)
    assert done.status_code == 302
    observation = Observation.objects.get()
    assert (observation.period, str(observation.display_value)) == ("2015", "28669.0")
    assert [(h.history_type, h.history_user) for h in observation.history.all()] == [("+", administrator)]


@pytest.mark.django_db
def test_admin_import_dry_run_shows_each_row_outcome_and_writes_nothing(admin_client_):
    series = factories.SeriesFactory(code="LN-GDP")
    factories.ObservationFactory(series=series, start_year=2014, end_year=2014, value="1")
    factories.ObservationFactory(series=series, start_year=2013, end_year=2013, value="5")
    text = "series,period,value,source_ref,note\nLN-GDP,2014,2,,\nLN-GDP,2015,3,,\nLN-GDP,2013,5,,\n"
    upload = SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")
    page = admin_client_.post(
        reverse("admin:indicators_observation_import"),
        {"import_file": upload, "format": CSV, "resource": "0"},
    )
    outcomes = [row.import_type for row in page.context["result"].rows]
    assert outcomes == ["update", "new", "skip"]
    assert sorted(series.observations.values_list("start_year", "value")) == [(2013, 5), (2014, 1)]


@pytest.mark.django_db
def test_thousand_row_import_with_one_bad_row_writes_nothing_and_names_it(admin_client_):
    for code in "ABCD":
        factories.SeriesFactory(code=f"LN-{code}")
    rows = [f"LN-{'ABCD'[n // 250]},{1950 + n % 250},{n}.5,Table 1," for n in range(1000)]
    rows[990] = "LN-D,2190,twelve,Table 1,"
    text = "series,period,value,source_ref,note\n" + "\n".join(rows) + "\n"
    page, done = admin_import(admin_client_, "admin:indicators_observation_import", text)
    assert done is None
    html = page.content.decode()
    assert "“twelve” is not a number." in html
    invalid = page.context["result"].invalid_rows
    assert [(row.number, list(row.error_dict)) for row in invalid] == [(991, ["value"])]
    assert Observation.objects.count() == 0


@pytest.mark.django_db
def test_import_with_unknown_agency_names_row_and_column(admin_client_):
    factories.CategoryFactory(code="1")
    factories.AgencyFactory(code="LPDF")
    text = (
        "code,category,title_en,title_zh_hans,description_en,description_zh_hans,source_paragraphs,start_date,"
        "due_date,lead_agency,supporting_agencies,responsibility_basis\n"
        "1.1,1,One,一,,,¶113,,,LPDF,,named\n"
        "1.2,1,Two,二,,,¶114,,,LPDF,MOFCOM,named\n"
    )
    page, done = admin_import(admin_client_, "admin:tracker_action_import", text, strategy="plan-a")
    assert done is None
    invalid = page.context["result"].invalid_rows
    assert [(row.number, list(row.error_dict)) for row in invalid] == [(2, ["supporting_agencies"])]
    assert "MOFCOM" in page.content.decode()
    assert Action.objects.count() == 0


@pytest.mark.django_db
def test_admin_export_neutralises_formulas(admin_client_):
    factories.CategoryFactory(code="1", name='=HYPERLINK("http://evil")')
    fields = {"categoryresource_code": "on", "categoryresource_name_en": "on"}
    response = admin_client_.post(
        reverse("admin:tracker_category_export"), {"format": CSV, "resource": "0", **fields}
    )
    assert response.status_code == 200
    assert "'=HYPERLINK" in response.content.decode()


@pytest.mark.django_db
def test_bulk_status_update_logs_one_update_per_action(admin_client_, administrator, statuses):
    actions = [factories.ActionFactory() for _ in range(3)]
    response = admin_client_.post(
        reverse("admin:tracker_action_changelist"),
        {
            "action": "set_status",
            "_selected_action": [a.pk for a in actions],
            "apply": "1",
            "status": statuses["completed"].pk,
            "progress": "100",
            "reported_on": timezone.localdate().isoformat(),
            "narrative": "Closed at the annual review.",
        },
    )
    assert response.status_code == 302
    updates = StatusUpdate.objects.order_by("action__code")
    assert [(u.action, u.status.code, u.author) for u in updates] == [
        (a, "completed", administrator) for a in sorted(actions, key=lambda a: a.code)
    ]
    assert {u.history.get().history_user for u in updates} == {administrator}
    assert all(a.status.code == "completed" for a in Action.objects.filter(pk__in=[a.pk for a in actions]))


@pytest.mark.django_db
def test_bulk_status_update_needing_reason_writes_nothing(admin_client_, statuses):
    actions = [factories.ActionFactory() for _ in range(2)]
    response = admin_client_.post(
        reverse("admin:tracker_action_changelist"),
        {
            "action": "set_status",
            "_selected_action": [a.pk for a in actions],
            "apply": "1",
            "status": statuses["delayed"].pk,
            "progress": "40",
            "reported_on": timezone.localdate().isoformat(),
            "narrative": "Slipping.",
        },
    )
    assert response.status_code == 200
    assert "needs a reason" in response.content.decode()
    assert StatusUpdate.objects.count() == 0


def series_form(series, revision, **changes):
    data = {
        "code": series.code, "name_en": series.name_en, "name_zh_hans": "",
        "unit_en": "%", "unit_zh_hans": "",
        "geography_en": "Liaoning", "geography_zh_hans": "", "frequency": "annual", "direction": "up",
        "source": "", "notes_en": "", "notes_zh_hans": "", "revision": revision,
        "observations-TOTAL_FORMS": "0", "observations-INITIAL_FORMS": "0",
        "targets-TOTAL_FORMS": "0", "targets-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**data, **changes}


@pytest.mark.django_db
def test_concurrent_edit_refused_and_first_save_survives(client, administrator):
    other = factories.UserFactory(username="second-admin", is_staff=True)
    other.groups.add(administrator.groups.get())
    series = factories.SeriesFactory(code="LN-GDP", name="GDP")
    url = reverse("admin:indicators_series_change", args=[series.pk])
    client.force_login(administrator)
    first_revision = client.get(url).context["adminform"].form["revision"].value()
    second = client.__class__()
    second.force_login(other)
    second_revision = second.get(url).context["adminform"].form["revision"].value()
    assert first_revision == second_revision

    saved = client.post(url, series_form(series, first_revision, name_en="Gross domestic product"))
    assert saved.status_code == 302
    refused = second.post(url, series_form(series, second_revision, name_en="GDP (current prices)"))

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Someone else changed this record after you opened it" in html
    assert re.search(r"administrator changed .*name", html)
    series.refresh_from_db()
    assert series.name_en == "Gross domestic product"


@pytest.mark.django_db
def test_status_updates_cannot_be_edited_or_deleted_in_admin(admin_client_, statuses, action):
    update = factories.StatusUpdateFactory(action=action, status=statuses["in-progress"])
    page = admin_client_.get(reverse("admin:tracker_statusupdate_change", args=[update.pk]))
    assert 'name="narrative"' not in page.content.decode()
    assert (
        admin_client_.post(
            reverse("admin:tracker_statusupdate_delete", args=[update.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert StatusUpdate.objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_status_update_added_in_admin_goes_through_the_service(
    admin_client_, administrator, statuses, action
):
    response = admin_client_.post(
        reverse("admin:tracker_statusupdate_add"),
        {
            "action": action.pk,
            "status": statuses["in-progress"].pk,
            "progress": "30",
            "reported_on": timezone.localdate().isoformat(),
            "narrative": "Design approved.",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status.code, action.progress) == ("in-progress", 30)
    assert StatusUpdate.objects.get().author == administrator


@pytest.mark.django_db
def test_status_update_in_admin_needing_reason_shows_message(admin_client_, statuses, action):
    response = admin_client_.post(
        reverse("admin:tracker_statusupdate_add"),
        {
            "action": action.pk,
            "status": statuses["delayed"].pk,
            "progress": "30",
            "reported_on": timezone.localdate().isoformat(),
            "narrative": "Stuck.",
        },
    )
    assert response.status_code == 200
    assert "needs a reason" in response.content.decode()
    assert StatusUpdate.objects.count() == 0


@pytest.fixture(params=["reviewer", "lead_official"])
def non_administrator(request):
    return request.getfixturevalue(request.param)


@pytest.mark.django_db
def test_non_administrators_forbidden_import(client, non_administrator):
    client.force_login(non_administrator)
    assert client.get(reverse("admin:indicators_observation_import")).status_code == 403
    upload = SimpleUploadedFile("d.csv", b"series,period,value,source_ref,note\n", content_type="text/csv")
    response = client.post(
        reverse("admin:indicators_observation_import"), {"import_file": upload, "format": CSV}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_non_administrators_forbidden_bulk_action(client, non_administrator, statuses):
    action = factories.ActionFactory()
    client.force_login(non_administrator)
    response = client.post(
        reverse("admin:tracker_action_changelist"),
        {
            "action": "set_status",
            "_selected_action": [action.pk],
            "apply": "1",
            "status": statuses["completed"].pk,
            "progress": "100",
            "reported_on": timezone.localdate().isoformat(),
            "narrative": "Done.",
        },
    )
    assert response.status_code == 403
    assert StatusUpdate.objects.count() == 0


@pytest.mark.django_db
def test_staff_without_administrator_role_cannot_import(client):
    staff = factories.UserFactory(username="staff-only", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:indicators_observation_import")).status_code == 403


@pytest.mark.django_db
def test_non_administrators_forbidden_data_quality(client, non_administrator):
    client.force_login(non_administrator)
    assert client.get(reverse("tracker:data-quality")).status_code == 403


@pytest.mark.django_db
def test_anonymous_sent_to_login_from_data_quality(client):
    response = client.get(reverse("tracker:data-quality"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_data_quality_lists_gaps_with_fix_links(admin_client_, statuses):
    complete = factories.ActionFactory(code="1.1", due_date=datetime.date(2030, 1, 1))
    series = factories.SeriesFactory(code="LN-RD")
    factories.TargetFactory(series=series, value=None, low=2, high=3)
    factories.ActionSeriesFactory(action=complete, series=series)
    factories.ObservationFactory(
        series=series, start_year=timezone.localdate().year - 1, end_year=timezone.localdate().year - 1
    )
    status_update_create(
        action=complete,
        status=statuses["in-progress"],
        progress=50,
        reported_on=timezone.localdate(),
        narrative="Under way.",
        author=factories.UserFactory(),
    )
    bare = factories.ActionFactory(code="2.1", description="")
    old_series = factories.SeriesFactory(code="LN-OLD")
    factories.ObservationFactory(series=old_series, start_year=2010, end_year=2010)
    # Completed at 40%, logged before statuses had ranges.
    Action.objects.filter(pk=complete.pk).update(status=statuses["completed"], progress=40)

    page = admin_client_.get(reverse("tracker:data-quality"))

    checks = {check["key"]: [row.code for row in check["rows"]] for check in page.context["checks"]}
    assert checks == {
        "actions-without-series": ["2.1"],
        "actions-without-description": ["2.1"],
        "actions-without-due-date": ["2.1"],
        "actions-progress-outside-range": ["1.1"],
        "stale-actions": ["2.1"],
        "series-without-recent": ["LN-OLD"],
        "series-without-target": ["LN-OLD"],
    }
    html = page.content.decode()
    assert reverse("admin:tracker_action_change", args=[bare.pk]) in html
    assert reverse("admin:indicators_series_change", args=[old_series.pk]) in html


@pytest.mark.django_db
def test_data_quality_query_count_does_not_grow(admin_client_, django_assert_num_queries):
    factories.ActionFactory()
    factories.SeriesFactory()
    admin_client_.get(reverse("tracker:data-quality"))  # warm caches (session, content types)
    with django_assert_num_queries(11) as first:
        admin_client_.get(reverse("tracker:data-quality"))
    for _ in range(30):
        factories.ActionFactory()
        factories.ObservationFactory(series=factories.SeriesFactory())
    with django_assert_num_queries(len(first.captured_queries)):
        admin_client_.get(reverse("tracker:data-quality"))


@pytest.mark.django_db
def test_import_missing_column_shows_one_plain_message(admin_client_):
    factories.SeriesFactory(code="LN-GDP")
    page, done = admin_import(
        admin_client_, "admin:indicators_observation_import", "series,period,value\nLN-GDP,2015,1\n"
    )
    assert done is None
    html = page.content.decode()
    assert "Missing column(s): source_ref, note." in html
    assert "Traceback" not in html and "Row 1" not in html
    assert "nothing was imported" in html
    assert Observation.objects.count() == 0


@pytest.mark.django_db
def test_import_errors_are_spelt_out_in_the_page(admin_client_):
    factories.SeriesFactory(code="LN-GDP")
    text = "series,period,value,source_ref,note\nLN-GDP,2015,1,,\nLN-GDP,2016,abc,,\n"
    page, _ = admin_import(admin_client_, "admin:indicators_observation_import", text)
    assert "Row 2, column value: “abc” is not a number." in page.content.decode()


def action_form(action, **changes):
    data = {
        "category": action.category_id, "code": action.code, "title_en": action.title_en, "title_zh_hans": "",
        "description_en": "", "description_zh_hans": "", "source_paragraphs": "",
        "lead_agency": action.lead_agency_id,
        "responsibility_basis": "named", "start_date": "", "due_date": "",
        "supports-TOTAL_FORMS": "0", "supports-INITIAL_FORMS": "0",
        "series_links-TOTAL_FORMS": "0", "series_links-INITIAL_FORMS": "0",
        "updates-TOTAL_FORMS": "0", "updates-INITIAL_FORMS": "0",
    }  # fmt: skip
    return {**data, **changes}


@pytest.mark.django_db
def test_admin_supporting_agencies_saved_one_row_at_a_time_with_history(
    admin_client_, administrator, action, supporting_agency
):
    url = reverse("admin:tracker_action_change", args=[action.pk])
    revision = admin_client_.get(url).context["adminform"].form["revision"].value()
    support = action.supports.get()
    added = factories.AgencyFactory(code="NEW")

    response = admin_client_.post(
        url,
        action_form(
            action,
            revision=revision,
            **{
                "supports-TOTAL_FORMS": "2",
                "supports-INITIAL_FORMS": "1",
                "supports-0-id": support.pk,
                "supports-0-action": action.pk,
                "supports-0-agency": supporting_agency.pk,
                "supports-0-DELETE": "on",
                "supports-1-action": action.pk,
                "supports-1-agency": added.pk,
            },
        ),
    )

    assert response.status_code == 302
    assert list(action.supporting_agencies.all()) == [added]
    changes = ActionSupport.history.filter(action_id=action.pk, history_user=administrator)
    assert sorted((record.history_type, record.agency.code) for record in changes) == [
        ("+", "NEW"),
        ("-", supporting_agency.code),
    ]


@pytest.mark.django_db
def test_admin_refuses_lead_agency_as_supporting_agency_and_saves_nothing(admin_client_, action, lead_agency):
    url = reverse("admin:tracker_action_change", args=[action.pk])
    revision = admin_client_.get(url).context["adminform"].form["revision"].value()
    support = action.supports.get()
    response = admin_client_.post(
        url,
        action_form(
            action,
            revision=revision,
            title_en="Renamed",
            **{
                "supports-TOTAL_FORMS": "1",
                "supports-INITIAL_FORMS": "1",
                "supports-0-id": support.pk,
                "supports-0-action": action.pk,
                "supports-0-agency": lead_agency.pk,
            },
        ),
    )
    assert response.status_code == 200
    assert "cannot also be a supporting agency" in response.content.decode()
    action.refresh_from_db()
    assert action.title_en != "Renamed"
    assert list(action.supporting_agencies.all()) != [lead_agency]


@pytest.mark.django_db
def test_admin_evidence_upload_gets_the_same_checks(admin_client_, statuses, action):
    page = admin_client_.post(
        reverse("admin:tracker_statusupdate_add"),
        {
            "action": action.pk,
            "status": statuses["in-progress"].pk,
            "progress": "30",
            "reported_on": timezone.localdate().isoformat(),
            "narrative": "See file.",
            "evidence_file": SimpleUploadedFile("x.html", b"<script>x()</script>", content_type="text/html"),
        },
    )
    assert page.status_code == 200
    assert "Upload a PDF" in page.content.decode()
    assert StatusUpdate.objects.count() == 0


@pytest.mark.django_db
def test_administrators_cannot_grant_superuser(admin_client_, administrator):
    page = admin_client_.get(reverse("admin:auth_user_change", args=[administrator.pk]))
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields


@pytest.mark.django_db
def test_data_quality_survives_a_huge_day_count(admin_client_):
    page = admin_client_.get(reverse("tracker:data-quality"), {"days": "99999999999"})
    assert page.status_code == 200 and "is-invalid" in page.content.decode()
    assert (
        "is-invalid" in admin_client_.get(reverse("tracker:data-quality"), {"days": "abc"}).content.decode()
    )


@pytest.mark.django_db
def test_admin_observation_shows_and_keeps_the_printed_figure(admin_client_):
    series = factories.SeriesFactory(code="LN-TRADE")
    observation = factories.ObservationFactory(series=series, start_year=2015, end_year=2015, value="260.70")
    observation.decimals = 2
    observation.save()
    url = reverse("admin:indicators_observation_change", args=[observation.pk])
    page = admin_client_.get(url)
    assert page.context["adminform"].form["value"].value() == Decimal("260.70")
    revision = page.context["adminform"].form["revision"].value()
    data = {"series": series.pk, "start_year": 2015, "end_year": 2015, "value": "524.80", "source_ref": "",
            "note": "", "revision": revision,
            "vintages-TOTAL_FORMS": "0", "vintages-INITIAL_FORMS": "0"}  # fmt: skip
    assert admin_client_.post(url, data).status_code == 302
    observation.refresh_from_db()
    assert str(observation.display_value) == "524.80"


@pytest.mark.django_db
def test_change_description_names_each_translated_field_once(administrator):
    category = factories.CategoryFactory(code="8", name="Tourism")
    category.name_en = "Tourism and services"
    category.save()
    line = describe_change(category.history.first())
    assert "changed name [en] of" in line and "name, " not in line


@pytest.mark.django_db
def test_administrator_cannot_reset_a_superusers_password(client, administrator):
    root = get_user_model().objects.create_superuser("root", "r@example.org", "old-pass")
    client.force_login(administrator)
    client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "Hijack-12345!", "password2": "Hijack-12345!", "usable_password": "true"},
    )
    root.refresh_from_db()
    assert not root.check_password("Hijack-12345!")


@pytest.mark.django_db
def test_series_inline_keeps_an_added_trailing_zero():
    series = factories.SeriesFactory(code="LN-X")
    obs = factories.ObservationFactory(series=series, start_year=2015, end_year=2015, value="12.5")
    obs.decimals = 1
    obs.save()
    formset_class = inlineformset_factory(
        Series, Observation, form=ObservationForm,
        fields=["start_year", "end_year", "value", "source_ref", "note"], extra=0,
    )  # fmt: skip
    prefix = "observations"
    data = {
        f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "1", f"{prefix}-0-id": obs.pk,
        f"{prefix}-0-series": series.pk, f"{prefix}-0-start_year": "2015", f"{prefix}-0-end_year": "2015",
        f"{prefix}-0-value": "12.50", f"{prefix}-0-source_ref": obs.source_ref, f"{prefix}-0-note": obs.note,
    }  # fmt: skip
    formset = formset_class(data, instance=series)
    assert formset.is_valid(), formset.errors
    formset.save()
    obs.refresh_from_db()
    assert str(obs.display_value) == "12.50"
