"""Admin imports are bounded: size, rows, unzipped size; the waiting file's name is the app's, and removed."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.imports import WAITING_FOLDER
from indicators.models import Observation

from . import factories

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"
IMPORT = "admin:indicators_observation_import"
PROCESS = "admin:indicators_observation_process_import"
HEADER = "series,period,value,source_ref,note\n"


@pytest.fixture
def admin_client_(client, administrator):
    factories.SeriesFactory(code="LN-GDP")
    client.force_login(administrator)
    return client


def upload(client, content: bytes, fmt=CSV, name="data.csv"):
    file = SimpleUploadedFile(name, content)
    return client.post(reverse(IMPORT), {"import_file": file, "format": fmt, "resource": "0"})


def waiting_files():
    try:
        return default_storage.listdir(WAITING_FOLDER)[1]
    except FileNotFoundError:
        return []


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def errors(response) -> list[str]:
    return response.context["form"].errors["import_file"]


def test_a_checked_file_waits_under_a_generated_name_and_is_removed_once_imported(admin_client_):
    page = upload(admin_client_, (HEADER + "LN-GDP,2015,1.5,,\n").encode())
    confirm = page.context["confirm_form"].initial
    assert waiting_files() == [confirm["import_file_name"]]
    assert len(confirm["import_file_name"]) == 32

    done = admin_client_.post(reverse(PROCESS), {**confirm, "resource": "0"})

    assert done.status_code == 302
    assert Observation.objects.count() == 1
    assert waiting_files() == []


def test_too_large_file_refused_before_it_is_stored(admin_client_, settings):
    settings.IMPORT_MAX_BYTES = 100
    page = upload(admin_client_, (HEADER + "LN-GDP,2015,1.5,,\n" * 10).encode())

    assert errors(page) == ["The file is 216\xa0bytes; spreadsheets to import can be at most 100\xa0bytes."]
    assert waiting_files() == []


def test_too_many_rows_refused_with_the_limit(admin_client_, settings):
    settings.IMPORT_MAX_ROWS = 3
    csv_rows = "".join(f"LN-GDP,{2000 + n},1,,\n" for n in range(4))
    xlsx_rows = [HEADER.strip().split(","), *[["LN-GDP", 2000 + n, 1] for n in range(4)]]

    for page in (
        upload(admin_client_, (HEADER + csv_rows).encode()),
        upload(admin_client_, xlsx(xlsx_rows), fmt=XLSX, name="data.xlsx"),
    ):
        assert errors(page) == ["The file has more than 3 rows; split it into files of at most 3 rows."]
    assert waiting_files() == []
    assert Observation.objects.count() == 0


def test_workbook_that_unpacks_past_the_limit_refused_before_it_is_read(admin_client_, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 50_000
    rows = [HEADER.strip().split(","), *[["LN-GDP", 1900 + n % 100, n, "x" * 40] for n in range(2000)]]
    content = xlsx(rows)
    assert len(content) < 50_000  # small when zipped, large unpacked

    page = upload(admin_client_, content, fmt=XLSX, name="data.xlsx")

    assert errors(page)[0].startswith("The workbook unpacks to ")
    assert "more than the 48.8\xa0KB allowed; save it as CSV instead." in errors(page)[0]
    assert waiting_files() == []


def test_duplicated_header_refused_with_the_column_named(admin_client_):
    page = upload(admin_client_, b"series,period,value,value,note\nLN-GDP,2015,1,2,\n")

    assert errors(page) == ["The header row names these columns more than once: value. Keep one of each."]
    assert waiting_files() == []


def test_file_with_bad_rows_is_not_left_waiting(admin_client_):
    page = upload(admin_client_, (HEADER + "LN-GDP,2015,twelve,,\n").encode())

    assert "confirm_form" not in page.context
    assert waiting_files() == []


def test_unreadable_workbook_refused_with_a_message(admin_client_):
    page = upload(admin_client_, b"not a zip file", fmt=XLSX, name="data.xlsx")

    assert errors(page) == ["The file is not an Excel workbook (.xlsx)."]


@pytest.mark.parametrize(
    "changes",
    [
        {"import_file_name": "../evidence/secret.pdf"},
        {"import_file_name": "0" * 32},  # well-formed, but not waiting
        {"format": "abc"},
        {"format": "7"},
        {"resource": "x"},
    ],
    ids=["path", "unknown name", "bad format", "unknown format", "bad resource"],
)
def test_confirmation_with_tampered_fields_refused_and_nothing_read_or_removed(admin_client_, changes):
    secret = default_storage.save("evidence/secret.pdf", io.BytesIO(b"%PDF-1.4 secret"))
    page = upload(admin_client_, (HEADER + "LN-GDP,2015,1.5,,\n").encode())
    confirm = {**page.context["confirm_form"].initial, "resource": "0"}

    response = admin_client_.post(reverse(PROCESS), {**confirm, **changes})

    assert response.status_code == 200
    assert response.context["confirm_form"].errors
    assert Observation.objects.count() == 0
    assert default_storage.exists(secret)
