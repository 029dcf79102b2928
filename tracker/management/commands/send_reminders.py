"""Email each official one digest of their agencies' overdue and stale actions. Run it daily from cron."""

from django.core.management.base import BaseCommand

from tracker.services.reminders import officials_remind


class Command(BaseCommand):
    help = (
        "Email each official one digest of their agencies' overdue and stale actions. "
        "Running it again on the same day sends nothing new."
    )

    def handle(self, *args, **options):
        sent = officials_remind()
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} reminder email(s)."))
