from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from tracker.models import Agency
from tracker.services.accounts import DEMO_PASSWORD, demo_accounts_create
from tracker.services.imports import ImportFailed, folder_import

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "data" / "ta9036"


class Command(BaseCommand):
    help = (
        "Load a strategy's data files (by default ADB TA-9036 Technical Report 5) through the spreadsheet "
        "import. Running it again changes nothing. With --demo, also create demo accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--folder", type=Path, default=DEFAULT_FOLDER, help="Folder holding the CSV files."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row and write nothing.")
        parser.add_argument(
            "--demo", action="store_true", help="Create demo accounts (refused when DEBUG is off)."
        )

    def handle(self, *args, folder, dry_run, demo, verbosity, **options):
        if demo and not settings.DEBUG:
            raise CommandError("Demo accounts have well-known passwords; they are refused when DEBUG is off.")
        try:
            totals = folder_import(folder=folder, dry_run=dry_run)
        except ImportFailed as failure:
            raise CommandError("Nothing was loaded:\n" + "\n".join(failure.problems)) from None
        if verbosity:
            for filename, counts in totals.items():
                changed = ", ".join(f"{kind} {count}" for kind, count in counts.items() if count)
                self.stdout.write(f"{filename}: {changed or 'empty'}")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
            return
        if demo:
            self._demo_accounts()

    def _demo_accounts(self):
        # The two agencies that lead the most actions, so that each demo official has work to do.
        agencies = (
            Agency.objects.annotate(led=Count("led_actions")).filter(led__gt=0).order_by("-led", "code")[:2]
        )
        rows = demo_accounts_create(official_agencies=agencies)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):"))
        for username, role, agencies_text in rows:
            self.stdout.write(f"  {username:<28} {role:<15} {agencies_text}")
