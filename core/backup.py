"""A backup in one file: every table (as a Django fixture) and every evidence file, and its restore.

It works the same on SQLite and PostgreSQL and with any storage (a folder or an S3 bucket). The fixture is XML
because Django's JSON cuts times to the millisecond, and history is ordered by the microsecond.
"""

import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from .imports import WAITING_FOLDER

DATA = "data.xml"
MEDIA = "media"


class BackupInvalid(Exception):
    pass


def stored_files(folder: str = ""):
    """Every file in the default storage, as storage names, less the imports waiting for confirmation."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # nothing stored yet
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        path = f"{folder}/{sub}" if folder else sub
        if path != WAITING_FOLDER:
            yield from stored_files(path)


def backup_write(*, path: Path) -> dict:
    """Write the database and the stored files to a .tar.gz at `path`; returns what it holds."""
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / DATA
        call_command("dumpdata", format="xml", output=str(data), verbosity=0)
        count = 0
        with tarfile.open(path, "w:gz") as archive:
            archive.add(data, arcname=DATA)
            for name in stored_files():
                info = tarfile.TarInfo(f"{MEDIA}/{name}")
                info.size = default_storage.size(name)
                with default_storage.open(name, "rb") as handle:
                    archive.addfile(info, handle)
                count += 1
    return {"files": count}


def _media_name(member: tarfile.TarInfo) -> str:
    parts = PurePosixPath(member.name).parts
    if not member.isfile() or len(parts) < 2 or parts[0] != MEDIA or ".." in parts:
        raise BackupInvalid(f"Unexpected entry in the backup: {member.name}")
    return "/".join(parts[1:])


def backup_restore(*, path: Path) -> dict:
    """Replace the database's content and the stored files with those of the backup at `path`."""
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        members = archive.getmembers()
        if DATA not in [member.name for member in members]:
            raise BackupInvalid(f"{path} holds no {DATA}: not a backup made by manage.py backup.")
        files = {_media_name(member): member for member in members if member.name != DATA}
        archive.extract(DATA, work, filter="data")
        with transaction.atomic():
            # Emptied without migrate's content types and permissions: the backup's own return, same numbers.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(Path(work) / DATA), verbosity=0)
        for name, member in files.items():
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, File(archive.extractfile(member)))
            if saved != name:
                raise BackupInvalid(f"The storage renamed {name} to {saved}.")
    return {"files": len(files)}
