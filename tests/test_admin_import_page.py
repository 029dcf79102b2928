"""The admin's import page: format read from the file, an empty template per model, the columns explained on
the page, a summary before the rows with unchanged rows folded, and dates refused naming their format."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Observation
from indicators.resources import ObservationResource
from tests import factories
from tracker.resources import ActionResource

IMPORT = "admin:indicators_observation_import"
TEMPLATE = "admin:indicators_observation_import_template"


@pytest.fixture
def admin_client_(client, administrator):
    client.force_login(administrator)
    return client


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post(client, content, name, url=IMPORT, **choices):
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse(url), {"import_file": upload, "resource": "0", **choices})


@pytest.mark.django_db
def test_template_download_has_the_import_columns(admin_client_):
    csv_page = admin_client_.get(reverse(TEMPLATE), {"format": "csv"})
    xlsx_page = admin_client_.get(reverse(TEMPLATE), {"format": "xlsx"})

    columns = ["series", "period", "value", "source_ref", "note"]
    assert next(csv.reader(io.StringIO(csv_page.content.decode("utf-8-sig")))) == columns
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_page.content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [columns]
    assert xlsx_page["Content-Disposition"] == 'attachment; filename="observation-template.xlsx"'


@pytest.mark.django_db
def test_template_download_needs_import_permission(client, reviewer):
    staff = factories.UserFactory(username="staff", is_staff=True)
    for user in (reviewer, staff):
        client.force_login(user)
        assert client.get(reverse(TEMPLATE), {"format": "csv"}).status_code == 403


@pytest.mark.django_db
def test_template_of_unknown_format_is_not_found(admin_client_):
    assert admin_client_.get(reverse(TEMPLATE), {"format": "ods"}).status_code == 404


@pytest.mark.django_db
def test_import_reads_the_format_from_the_file_whatever_its_name(admin_client_):
    factories.SeriesFactory(code="LN-GDP")
    header = ["series", "period", "value", "source_ref", "note"]
    content = workbook([header, ["LN-GDP", "2015", "3.5", "", ""]])

    page = post(admin_client_, content, "exported-file.csv", format="0")  # named and marked CSV

    assert page.context["form"].cleaned_data["format"] == "1"
    assert [row.import_type for row in page.context["result"].rows] == ["new"]


@pytest.mark.django_db
def test_old_excel_file_is_refused_with_a_message(admin_client_):
    page = post(admin_client_, b"\xd0\xcf\x11\xe0" + b"\0" * 100, "data.xls")

    assert page.context["form"].errors["import_file"] == [
        "This is an old Excel file (.xls): save it as .xlsx or CSV and upload it again."
    ]


@pytest.mark.django_db
def test_import_page_explains_every_column(admin_client_):
    page = admin_client_.get(reverse("admin:tracker_action_import"))

    columns = {column.name: column for column in page.context["columns"]}
    assert list(columns) == ActionResource().get_user_visible_fields_names()
    assert (columns["code"].required, columns["description_en"].required) == (True, False)
    assert columns["due_date"].form == "A date as YYYY-MM-DD, such as 2024-12-31"
    assert columns["lead_agency"].form == "The code of the agency"
    assert not columns["strategy"].required
    html = page.content.decode()
    assert "<code>due_date</code>" in html and "README" not in html
    assert reverse("admin:tracker_action_import_template") + "?format=xlsx" in html


@pytest.mark.django_db
def test_observation_columns_say_how_to_write_a_period(admin_client_):
    columns = {column.name: column for column in ObservationResource().column_help()}

    assert columns["period"].form == "A year, such as 2015, or a span of years, such as 2008-2014"
    assert (columns["period"].required, columns["value"].required, columns["note"].required) == (
        True,
        True,
        False,
    )


@pytest.mark.django_db
def test_checked_file_shows_summary_first_and_folds_unchanged_rows(admin_client_):
    series = factories.SeriesFactory(code="LN-GDP")
    factories.ObservationFactory(series=series, start_year=2014, end_year=2014, value="1")
    factories.ObservationFactory(series=series, start_year=2013, end_year=2013, value="5")
    text = "series,period,value,source_ref,note\nLN-GDP,2014,2,,\nLN-GDP,2015,3,,\nLN-GDP,2013,5,,\n"

    page = post(admin_client_, text.encode(), "data.csv")

    assert page.context["summary"] == {"new": 1, "changed": 1, "unchanged": 1, "errors": 0}
    html = page.content.decode()
    assert html.index("Summary") < html.index("Rows to write") < html.index("<details")
    assert "<code>value</code>: 1 → 2" in html
    folded = html[html.index("<details") : html.index("</details>")]
    assert "1 unchanged row: the database already holds it." in folded and "LN-GDP 2013" in folded
    assert Observation.objects.count() == 2


@pytest.mark.django_db
def test_rejected_file_shows_summary_with_errors(admin_client_):
    factories.SeriesFactory(code="LN-GDP")
    text = "series,period,value,source_ref,note\nLN-GDP,2014,2,,\nLN-GDP,2015,lots,,\n"

    page = post(admin_client_, text.encode(), "data.csv")

    assert page.context["summary"] == {"new": 1, "changed": 0, "unchanged": 0, "errors": 1}
    assert "Row 2, column value: “lots” is not a number." in page.content.decode()


@pytest.mark.django_db
def test_date_error_names_the_format(admin_client_):
    factories.CategoryFactory(code="1")
    factories.AgencyFactory(code="LPDF")
    text = (
        "code,category,title_en,title_zh_hans,description_en,description_zh_hans,source_paragraphs,start_date,"
        "due_date,lead_agency,supporting_agencies,responsibility_basis\n"
        "1.1,1,One,一,,,¶113,,31.12.2020,LPDF,,named\n"
    )

    url = "admin:tracker_action_import"
    page = post(admin_client_, text.encode(), "actions.csv", url=url, strategy="plan-a")

    assert (
        "Row 1, column due_date: “31.12.2020” is not a date: write it as YYYY-MM-DD, such as 2024-12-31."
        in page.content.decode()
    )


@pytest.mark.django_db
def test_confirmed_import_writes_rows_history_and_the_admin_log(admin_client_, administrator):
    series = factories.SeriesFactory(code="LN-GDP")
    factories.ObservationFactory(series=series, start_year=2014, end_year=2014, value="1")
    text = "series,period,value,source_ref,note\nLN-GDP,2014,2,,\nLN-GDP,2015,3.50,,\n"
    page = post(admin_client_, text.encode(), "gdp.csv")

    done = admin_client_.post(
        reverse("admin:indicators_observation_process_import"),
        {**page.context["confirm_form"].initial, "resource": "0"},
        follow=True,
    )

    assert [str(message) for message in done.context["messages"]] == [
        "Import finished: 1 new, 1 updated, 0 deleted and 0 skipped observations."
    ]
    assert [(o.period, o.display_value) for o in Observation.objects.all()] == [
        ("2014", Decimal(2)),
        ("2015", Decimal("3.50")),
    ]
    history = Observation.history.filter(history_user=administrator)
    assert sorted((h.history_type, h.start_year, h.history_change_reason) for h in history) == [
        ("+", 2015, "Imported from gdp.csv"),
        ("~", 2014, "Imported from gdp.csv"),
    ]
    assert sorted(LogEntry.objects.values_list("object_repr", "action_flag")) == [
        ("LN-GDP 2014: 2", CHANGE),
        ("LN-GDP 2015: 3.50", ADDITION),
    ]
