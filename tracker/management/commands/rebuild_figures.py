from django.core.management.base import BaseCommand

from tracker.services.figures import COUNTED, figures_recount


class Command(BaseCommand):
    help = (
        "Count the figures of every category's and every lead agency's actions again (the rows the "
        "dashboard, the category list and page read), as the services keep them: after writing to actions "
        "outside the application."
    )

    def handle(self, *args, **options):
        figures_recount()
        rows = sum(table.objects.count() for table in COUNTED)
        self.stdout.write(self.style.SUCCESS(f"Counted {rows} rows of figures."))
