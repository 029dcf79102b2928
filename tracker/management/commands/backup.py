from pathlib import Path

from django.core.management.base import BaseCommand

from core.backup import backup_write


class Command(BaseCommand):
    help = (
        "Write every table and every evidence file to one .tar.gz file (restore it with manage.py restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file to write, such as tracker-2025-01-31.tar.gz.")

    def handle(self, *args, path, **options):
        totals = backup_write(path=path)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}: the database and {totals['files']} files."))
