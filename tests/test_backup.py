"""manage.py backup and restore: a round trip leaves every table and every evidence file as it was."""

import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from core.backup import stored_files
from tests.snapshot import changed_tables, database_snapshot
from tests.test_figures import fresh, kept
from tracker.models import ActionFigures, AgencyDueFigures, AgencyFigures

from . import factories


def files_content():
    return {name: default_storage.open(name).read() for name in stored_files()}


# serialized_rollback: like the browser tests, so that the flush after this test leaves them their groups.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_leaves_every_table_and_file_identical(
    tmp_path, catalogue, update_with_file, reviewer, administrator
):
    factories.ObservationFactory()
    before, files_before = database_snapshot(), files_content()
    assert update_with_file.evidence_file.name in files_before
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))

    # Everything lost: the database emptied, the evidence files deleted.
    call_command("flush", interactive=False)
    for name in files_before:
        default_storage.delete(name)
    assert files_content() == {}
    call_command("restore", str(archive), "--yes")

    after = database_snapshot()
    assert changed_tables(before, after) == []
    assert sum(len(rows) for rows in after.values()) > 50
    assert files_content() == files_before


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(__file__, arcname="notes.txt")

    with pytest.raises(CommandError, match="holds no data.xml"):
        call_command("restore", str(archive), "--yes")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_of_a_backup_without_counted_figures_counts_them(tmp_path, catalogue):
    # A backup made before tracker 0019 holds actions but no counted figures.
    ActionFigures.objects.all().delete()
    AgencyFigures.objects.all().delete()
    AgencyDueFigures.objects.all().delete()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    call_command("flush", interactive=False)

    call_command("restore", str(archive), "--yes")

    assert kept() == fresh() != {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_of_a_backup_without_figures_per_agency_counts_them(tmp_path, catalogue):
    # A backup made before tracker 0020 holds the counted figures per category but none per agency.
    AgencyFigures.objects.all().delete()
    AgencyDueFigures.objects.all().delete()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    call_command("flush", interactive=False)

    call_command("restore", str(archive), "--yes")

    assert kept() == fresh()
    assert AgencyFigures.objects.exists()
