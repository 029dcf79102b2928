from django.core.management.base import BaseCommand

from tracker.models import ActionFigures
from tracker.services.figures import figures_recount


class Command(BaseCommand):
    help = (
        "Count the figures of every category's actions again (the rows the category list and page read), "
        "as the services keep them: after writing to actions outside the application."
    )

    def handle(self, *args, **options):
        figures_recount()
        self.stdout.write(self.style.SUCCESS(f"Counted {ActionFigures.objects.count()} rows of figures."))
