from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupInvalid, backup_restore
from tracker.models import Action
from tracker.services.figures import COUNTED, figures_recount


class Command(BaseCommand):
    help = (
        "Replace everything in the database, and the files the backup holds, with a backup written by "
        "manage.py backup. Run manage.py migrate first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A file written by manage.py backup.")
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the data.")

    def handle(self, *args, path, yes, **options):
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        if not yes and input("Every row in the database will be replaced. Type yes to go on: ") != "yes":
            raise CommandError("Nothing was restored.")
        try:
            totals = backup_restore(path=path)
        except BackupInvalid as error:
            raise CommandError(str(error)) from None
        # A backup made before the counted figures (or some of them) existed holds none: counted from its
        # actions.
        if Action.objects.exists() and not all(table.objects.exists() for table in COUNTED):
            figures_recount()
        self.stdout.write(self.style.SUCCESS(f"Restored {path}: the database and {totals['files']} files."))
