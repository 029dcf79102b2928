from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from tracker.models import Agency
from tracker.services.accounts import DEMO_PASSWORD, demo_accounts_create
from tracker.services.imports import ImportFailed, folder_import
from tracker.services.samples import samples_create, samples_remove

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "data" / "ta9036"
EMPTY = "(empty)"


def rows(count: int, *, what: str = "") -> str:
    """ "1 row that differs", "3 rows that differ"."""
    noun = "row" if count == 1 else "rows"
    verb = {"differ": "differs" if count == 1 else "differ"}.get(what, what)
    return f"{count} {noun} that {verb}" if what else f"{count} {noun}"


def cell(value: str) -> str:
    return value if value != "" else EMPTY


class Command(BaseCommand):
    help = (
        "Load a strategy's folder of data files (by default ADB TA-9036 Technical Report 5) through the "
        "spreadsheet import, all or nothing. Rows the database lacks are created; rows that differ from the "
        "database are kept as the database has them and listed. --update lists every change the files would "
        "make and, with --yes, makes them. With --demo, also create demo accounts and sample reporting "
        "rounds (marked as sample); --remove-samples deletes every sample and loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            type=Path,
            help="Folder holding the CSV files (default: the shipped TA-9036 folder).",
        )
        parser.add_argument("--folder", dest="folder_option", type=Path, help="The same as FOLDER.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and write nothing.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite rows that differ from the files: lists the changes, and writes them with --yes.",
        )
        parser.add_argument("--yes", action="store_true", help="With --update: write the changes listed.")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Create demo accounts and sample rounds (refused when DEBUG is off).",
        )
        parser.add_argument(
            "--remove-samples",
            action="store_true",
            help="Delete every sample round, update, review and question, then stop.",
        )

    def handle(
        self, *args, folder, folder_option, dry_run, update, yes, demo, remove_samples, verbosity, **options
    ):
        if remove_samples:
            count = samples_remove()
            self.stdout.write(f"Removed the sample rounds and {count} sample updates.")
            return
        if folder and folder_option and folder != folder_option:
            raise CommandError("Give the folder once: as FOLDER or as --folder.")
        folder = folder or folder_option or DEFAULT_FOLDER
        if yes and not update:
            raise CommandError(
                "--yes confirms the changes of --update; there is nothing to confirm without it."
            )
        if demo and not settings.DEBUG:
            raise CommandError("Demo accounts have well-known passwords; they are refused when DEBUG is off.")
        preview = dry_run or (update and not yes)
        try:
            load = folder_import(
                folder=folder,
                update=update,
                dry_run=preview,
                change_reason="manage.py load_report --update" if update else "manage.py load_report",
            )
        except ImportFailed as failure:
            raise CommandError("Nothing was loaded:\n" + "\n".join(failure.problems)) from None
        if update:
            self._changes(load)
        if verbosity:
            self._summary(load, verbosity, preview=preview)
        if preview:
            if update and load.changes:
                self.stdout.write(
                    self.style.WARNING(
                        "Nothing was written. Run again with --update --yes to make these changes."
                    )
                )
            else:
                self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
            return
        if load.kept and verbosity:
            self.stdout.write(
                self.style.WARNING(
                    f"Kept {rows(load.kept)} as the database has them: they differ from the files, perhaps "
                    "edited since loading. `load_report --update` lists the differences; `--update --yes` "
                    "overwrites them with the files' values."
                )
            )
        if demo:
            self._demo_accounts()
            for line in samples_create(strategy=load.strategy):
                self.stdout.write(line)

    def _changes(self, load):
        """Every row the files would write: new ones, and each changed column with its old and new value."""
        for file in load.files:
            for difference in file.differences:
                if difference.new:
                    self.stdout.write(f"{file.filename} {difference.label}: new row")
                for column, old, new in difference.changes:
                    self.stdout.write(
                        f"{file.filename} {difference.label}: {column} {cell(old)} → {cell(new)}"
                    )
        if not load.changes:
            self.stdout.write("The files hold nothing the database lacks: no change to make.")

    def _summary(self, load, verbosity, *, preview):
        for file in load.files:
            parts = [
                f"{count} {label}"
                for count, label in [
                    (file.new, "new"),
                    (file.updated, "to update" if preview else "updated"),
                    (file.unchanged, "unchanged"),
                ]
                if count
            ]
            if file.kept:
                parts.append(f"kept {rows(len(file.kept), what='differ')} from the file")
            self.stdout.write(f"{file.filename}: {', '.join(parts) or 'empty'}")
            if verbosity >= 2:
                for difference in file.kept:
                    columns = ", ".join(column for column, _old, _new in difference.changes)
                    self.stdout.write(f"  kept {difference.label}: {columns}")

    def _demo_accounts(self):
        # The two agencies that lead the most actions, so that each demo official has work to do.
        agencies = (
            Agency.objects.annotate(led=Count("led_actions")).filter(led__gt=0).order_by("-led", "code")[:2]
        )
        rows = demo_accounts_create(official_agencies=agencies)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):"))
        for username, role, agencies_text in rows:
            self.stdout.write(f"  {username:<28} {role:<15} {agencies_text}")
