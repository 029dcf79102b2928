from django.core.management.base import BaseCommand

from tracker.models import ActionFigures, AgencyFigures
from tracker.services.figures import figures_recount


class Command(BaseCommand):
    help = (
        "Count the figures of every category's and every lead agency's actions again (the rows the "
        "dashboard, the category list and page read), as the services keep them: after writing to actions "
        "outside the application."
    )

    def handle(self, *args, **options):
        figures_recount()
        rows = ActionFigures.objects.count() + AgencyFigures.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Counted {rows} rows of figures."))
