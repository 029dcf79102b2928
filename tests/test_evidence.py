"""Evidence files: which uploads are accepted, what is stored, and the download."""

import re

import pytest
from django.db import DatabaseError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tracker.models import StatusUpdate
from tracker.services.updates import status_update_create
from tracker.uploads import EVIDENCE_MAX_BYTES, validate_evidence_file

from . import factories
from .factories import log, media_files

pytestmark = pytest.mark.django_db


INVALID_FILES = [
    ("not an accepted type", factories.evidence_file("tool.exe", content=b"MZ\x90\x00"), "Upload a PDF"),
    (
        "text named .pdf",
        factories.evidence_file("report.pdf", content=b"just some text"),
        "not what its name says",
    ),
    ("PNG named .pdf", factories.evidence_file("report.pdf", kind="png"), "not what its name says"),
    ("PDF named .jpg", factories.evidence_file("photo.jpg", kind="pdf"), "not what its name says"),
    ("plain zip named .docx", factories.evidence_file("memo.docx", kind="xlsx"), "not what its name says"),
    (
        "broken zip named .xlsx",
        factories.evidence_file("sheet.xlsx", content=b"PK\x03\x04garbage"),
        "not what",
    ),
    ("text named .doc", factories.evidence_file("memo.doc", content=b"plain text"), "not what its name says"),
    (
        "CSV with NUL bytes",
        factories.evidence_file("data.csv", content=b"a,b\x00\n"),
        "not what its name says",
    ),
    ("CSV not text", factories.evidence_file("data.csv", content=b"\xff\xfe\x81\x30\xfe"), "not what"),
    ("HTML named .csv", factories.evidence_file("data.csv", content=b"<script>x()</script>"), "not what"),
    ("empty file", factories.evidence_file("empty.pdf", content=b""), "The submitted file is empty."),
    ("no extension", factories.evidence_file("README", content=b"%PDF-1.4"), "Upload a PDF"),
]


@pytest.mark.parametrize(
    ("upload", "message"), [case[1:] for case in INVALID_FILES], ids=[case[0] for case in INVALID_FILES]
)
def test_log_progress_rejected_upload_shows_message_and_writes_nothing(
    client, settings, lead_official, action, log_data, upload, message
):
    upload.seek(0)
    client.force_login(lead_official)

    response = log(client, action, log_data, evidence_file=upload)

    html = response.content.decode()
    error = re.search(r'id="id_evidence_file_error">(.*?)</div>', html, re.S)
    assert error, "no message next to the file field"
    assert escape(message) in error.group(1)
    assert StatusUpdate.objects.count() == 0
    assert media_files(settings) == []


def test_log_progress_rejects_file_over_10_mb(client, settings, lead_official, action, log_data):
    big = factories.evidence_file("big.pdf", content=b"%PDF-1.4\n" + b"0" * EVIDENCE_MAX_BYTES)
    client.force_login(lead_official)

    response = log(client, action, log_data, evidence_file=big)

    assert "evidence files can be at most 10.0\xa0MB" in response.content.decode()
    assert StatusUpdate.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize(
    "name",
    [
        "Plan.pdf",
        "site.png",
        "site.JPG",
        "photo.jpeg",
        "a.gif",
        "b.webp",
        "memo.docx",
        "t.xlsx",
        "old.doc",
        "old.xls",
        "figures.csv",
    ],
)
def test_log_progress_accepts_each_evidence_type_under_a_generated_name(
    client, settings, lead_official, action, log_data, name
):
    kind = {"jpeg": "jpg"}.get(name.rsplit(".", 1)[1].lower(), name.rsplit(".", 1)[1].lower())
    client.force_login(lead_official)

    response = log(client, action, log_data, evidence_file=factories.evidence_file(name, kind=kind))

    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert update.evidence_filename == name
    stored = update.evidence_file.name
    assert re.fullmatch(
        rf"evidence/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{kind if kind != 'jpg' else 'jpe?g'}", stored
    )
    assert update.evidence_file.read() == factories.evidence_bytes(kind)


def test_log_progress_with_link_and_file(client, lead_official, action, log_data):
    client.force_login(lead_official)

    log(
        client,
        action,
        {**log_data, "evidence_url": "https://example.org/notice"},
        evidence_file=factories.evidence_file("Notice.pdf"),
    )

    update = StatusUpdate.objects.get()
    assert (update.evidence_url, update.evidence_filename) == ("https://example.org/notice", "Notice.pdf")


def test_evidence_download_streams_file_under_original_name(client, reviewer, update_with_file):
    client.force_login(reviewer)

    response = client.get(reverse("tracker:evidence-download", args=[update_with_file.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Draft rules.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == factories.evidence_bytes("pdf")


def test_evidence_download_anonymous_goes_to_login(client, update_with_file):
    url = reverse("tracker:evidence-download", args=[update_with_file.pk])

    response = client.get(url)

    assert response.url == f"{reverse('login')}?next={url}"


def test_evidence_download_missing_is_404(
    client, reviewer, update_with_file, action, lead_official, statuses
):
    without_file = status_update_create(
        action=action,
        status=statuses["in-progress"],
        progress=50,
        reported_on=timezone.localdate(),
        narrative="No file.",
        author=lead_official,
    )
    update_with_file.evidence_file.storage.delete(update_with_file.evidence_file.name)
    client.force_login(reviewer)

    assert client.get(reverse("tracker:evidence-download", args=[without_file.pk])).status_code == 404
    assert client.get(reverse("tracker:evidence-download", args=[update_with_file.pk])).status_code == 404
    assert client.get(reverse("tracker:evidence-download", args=[999999])).status_code == 404


def test_csv_saved_by_chinese_excel_is_accepted():
    content = "年份,值\n2017,1.5\n".encode("gb18030")
    validate_evidence_file(factories.evidence_file("数据.csv", content=content))


def test_failed_update_deletes_the_file_it_stored(settings, monkeypatch, action, statuses):
    # The database refuses the write after the file was stored (here: the UPDATE of the action's current
    # status, the service's last write); no update will point at the file, so none may stay behind.
    def refuse(*args, **kwargs):
        raise DatabaseError("the database refused the write")

    monkeypatch.setattr(QuerySet, "update", refuse)
    with pytest.raises(DatabaseError):
        factories.status_update(
            action, statuses["in-progress"], evidence_file=factories.evidence_file("rules.pdf")
        )
    monkeypatch.undo()

    assert media_files(settings) == []
    assert StatusUpdate.objects.count() == 0
