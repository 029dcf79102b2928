"""The tables of the read-only pages (django-tables2): one table for every list of actions."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData

from core.paging import COUNT_CAP, capped_count

from .models import Action
from .templatetags.display import render_once

# Columns a phone leaves out, so that code, title, status and progress fit its width.
WIDE_ONLY = "d-none d-md-table-cell"
# Beside the filter panel a laptop has no room for the category too; the filter and the action page name it.
VERY_WIDE_ONLY = "d-none d-xxl-table-cell"


PER_PAGE_CHOICES = (10, 25, 50, 100)
DEFAULT_PER_PAGE = 25


class CappedPaginator(Paginator):
    """A paginator whose count stops at COUNT_CAP + 1 (`capped` then says the list has more than COUNT_CAP
    rows), so that neither the count nor the last page reads more than that many rows. The pages beyond are
    left out too (sort or filter to reach other rows; the export has them all)."""

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @property
    def num_pages(self):
        # Beyond the cap, the pages that hold the first COUNT_CAP rows only.
        if self.capped:
            return -(-self.cap // self.per_page)
        return super().num_pages

    def page(self, number):
        if not self.capped:
            return super().page(number)
        # Whole pages: the rows past the count are there, only not counted.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


class KeysFirstData(TableQuerysetData):
    """A page of the table is read as the rows whose keys a narrow subquery picks, in one query:
    `WHERE id IN (SELECT id ... ORDER BY ... LIMIT n OFFSET m)` (ActionQuerySet.page_keys: in the default
    order, category by category from action_list_order_idx). Only the page's rows are read whole. Its length
    is counted up to COUNT_CAP + 1 rows."""

    def __len__(self):
        if not hasattr(self.table, "paginator"):
            return super().__len__()  # a table without pages: all its rows
        if getattr(self, "_length", None) is None:
            self._length = capped_count(self.data, COUNT_CAP)
        return self._length

    def __getitem__(self, key):
        if isinstance(key, slice) and key.step is None:
            if key.stop is None:
                return self.data.filter(pk__in=self.data.values("pk")[key])
            return self.data.filter(pk__in=self.data.page_keys(key.start or 0, key.stop))
        return super().__getitem__(key)


class ActionTable(tables.Table):
    """Actions with their current status; the same columns are exported, in the same order and with the same
    headers (tracker.action_export, which reads plain values from the database rather than this table's rows).
    A strategy's own list hides the strategy column, which its export keeps."""

    strategy = tables.Column(
        verbose_name=_("Strategy"),
        order_by=("strategy__code", "category__code", "code"),
        attrs={"th": {"class": VERY_WIDE_ONLY}, "td": {"class": f"text-nowrap {VERY_WIDE_ONLY}"}},
    )
    code = tables.Column(verbose_name=_("Code"), attrs={"td": {"class": "text-nowrap"}})
    title = tables.Column(verbose_name=_("Title"), linkify=True, attrs={"td": {"class": "action-title"}})
    category = tables.Column(
        verbose_name=_("Category"),
        order_by=("category__code", "code"),
        attrs={"th": {"class": VERY_WIDE_ONLY}, "td": {"class": f"category-cell {VERY_WIDE_ONLY}"}},
    )
    lead_agency = tables.Column(
        verbose_name=_("Lead agency"),
        order_by=("lead_agency__name", "code"),
        attrs={"th": {"class": WIDE_ONLY}, "td": {"class": WIDE_ONLY}},
    )
    # Cells rendered once per request and value (rows_html and render_once below).
    status = tables.Column(
        verbose_name=_("Status"),
        order_by=("status__order", "status__code", "code"),
        empty_values=(),
    )
    progress = tables.Column(
        verbose_name=_("Progress"),
        attrs={"td": {"class": "progress-cell"}},
    )
    due_date = tables.Column(
        verbose_name=_("Due"),
        order_by=("due_date", "code"),
        empty_values=(),
        attrs={"th": {"class": WIDE_ONLY}, "td": {"class": f"text-nowrap {WIDE_ONLY}"}},
    )
    last_reported_on = tables.DateColumn(
        short=True,
        verbose_name=_("Last update"),
        order_by=("last_reported_on", "code"),
        attrs={"th": {"class": WIDE_ONLY}, "td": {"class": f"text-nowrap {WIDE_ONLY}"}},
    )

    class Meta:
        model = Action
        fields = ()
        sequence = (
            "strategy",
            "code",
            "title",
            "category",
            "lead_agency",
            "status",
            "progress",
            "due_date",
            "last_reported_on",
        )
        # Only the header's sort links and the pagination are loaded in place (htmx); links to actions
        # open their page.
        attrs = {
            "class": "table table-sm table-hover align-middle action-table",
            "tbody": {"hx-boost": "false"},
        }
        empty_text = _("No action matches.")
        template_name = "includes/action_table.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._categories = {}  # each category's cell, written once per table
        if type(self.data) is TableQuerysetData:
            self.data.__class__ = KeysFirstData  # the same data, read by pages as above

    def paginate(self, *args, per_page=None, **kwargs):
        # Only the page sizes the list offers: a request cannot ask for every row at once.
        per_page = per_page if per_page in PER_PAGE_CHOICES else DEFAULT_PER_PAGE
        kwargs.setdefault("paginator_class", CappedPaginator)
        return super().paginate(*args, per_page=per_page, **kwargs)

    # The cells of a page are written by rows_html (through includes/action_table.html), each from its record:
    # django-tables2's cell by cell rendering (a bound row, a signature inspected and a template variable per
    # cell) cost several times the data itself. Includes are rendered once per request and what they depend
    # on (tracker.templatetags.display.render_once); small cells are written here. The render_ methods also
    # serve django-tables2's own templates.

    def rows_html(self) -> list[str]:
        """The page's rows (`<tr>` with its cells), in the table's visible columns and order."""
        cells = [
            (format_html("<td {}>", column.attrs["td"].as_html()), getattr(self, f"render_{column.name}"))
            for column in self.columns
        ]
        return [
            format_html(
                '<tr class="{}">{}</tr>',
                "even" if number % 2 else "odd",
                mark_safe("".join(f"{td}{render(record)}</td>" for td, render in cells)),  # noqa: S308
            )
            for number, record in enumerate(row.record for row in self.paginated_rows)
        ]

    def _once(self, template_name, key, context):
        return render_once(getattr(self, "request", None), template_name, key, context)

    def render_title(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.title)

    def render_category(self, record):
        # The full name is on hover and on the category's page; the table stays narrow enough for a laptop.
        category = record.category
        if category.pk not in self._categories:
            self._categories[category.pk] = format_html(
                '<span title="{}">{}</span>', category, Truncator(str(category)).chars(28)
            )
        return self._categories[category.pk]

    def render_code(self, record):
        link = format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.code)
        if not self.columns["strategy"].visible:
            return link
        # Below a wide screen the strategy column is left out: there the strategy goes under the code.
        return format_html(
            '{}<div class="d-xxl-none small text-body-secondary">{}</div>', link, record.strategy.label
        )

    def render_strategy(self, record):
        return format_html('<span title="{}">{}</span>', record.strategy.title, record.strategy.label)

    def render_lead_agency(self, record):
        return conditional_escape(record.lead_agency.label)

    def render_status(self, record):
        status = record.status
        return self._once("includes/status_badge.html", status and status.pk, {"status": status})

    def render_progress(self, record):
        status = record.status
        key = (record.progress, status and status.colour)
        return self._once("includes/progress_bar.html", key, {"value": record.progress, "status": status})

    @cached_property
    def _short_date(self) -> str:
        # Looked up once per table (the page's language), not once per cell.
        return get_format("SHORT_DATE_FORMAT")

    def render_due_date(self, record):
        due = dateformat.format(record.due_date, self._short_date) if record.due_date else "—"
        if not record.is_overdue:
            return due
        return format_html('{}<br><span class="badge text-bg-danger">{}</span>', due, _("Overdue"))

    def render_last_reported_on(self, record):
        last = record.last_reported_on
        return dateformat.format(last, self._short_date) if last else "—"
