"""Spreadsheet imports in the admin, bounded: file size, rows, unzipped size; duplicated columns refused.

The admin's import (django-import-export) checks a file, shows what each row would do, and imports it when the
administrator confirms. Between the two steps the file waits in the app's storage under a name the app
generated; the confirmation names it, and only such a name is accepted.
"""

import datetime
import io
import re
import zipfile

import openpyxl
import tablib
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.tmp_storages import MediaStorage

GENERATED_NAME = re.compile(r"[0-9a-f]{32}")
WAITING_FOLDER = "imports-waiting"
ABANDONED_AFTER = datetime.timedelta(days=1)  # a check never confirmed: its file is removed after this


class ImportRefused(ValueError):
    """A file that cannot be imported, with the message for the administrator."""


class GeneratedNameStorage(MediaStorage):
    """Files waiting for confirmation under generated names, in the storage that all app servers share."""

    def __init__(self, **kwargs):
        super().__init__(MEDIA_FOLDER=WAITING_FOLDER, **kwargs)
        if self.name is not None and not GENERATED_NAME.fullmatch(self.name):
            raise ImportRefused(_("This import is no longer available; upload the file again."))

    def exists(self):
        return self._storage.exists(self.get_full_path())

    def remove(self):
        if self.exists():
            super().remove()

    def remove_abandoned(self):
        """Remove the files of checks that were never confirmed."""
        storage = self._storage
        try:
            _folders, names = storage.listdir(WAITING_FOLDER)
        except FileNotFoundError:
            return
        cutoff = timezone.now() - ABANDONED_AFTER
        for name in names:
            path = f"{WAITING_FOLDER}/{name}"
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)


def check_headers(headers) -> None:
    names = [str(name).strip() for name in headers if name not in (None, "")]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ImportRefused(
            _("The header row names these columns more than once: %(columns)s. Keep one of each.")
            % {"columns": ", ".join(repeated)}
        )


def check_row_count(count: int) -> None:
    if count > settings.IMPORT_MAX_ROWS:
        raise ImportRefused(
            _("The file has more than %(limit)d rows; split it into files of at most %(limit)d rows.")
            % {"limit": settings.IMPORT_MAX_ROWS}
        )


class BoundedCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        check_headers(dataset.headers or [])
        check_row_count(len(dataset))
        return dataset


class BoundedXLSX(base_formats.XLSX):
    """The first sheet, read as a stream, after checking what the archive says it unpacks to."""

    def create_dataset(self, in_stream):
        try:
            with zipfile.ZipFile(io.BytesIO(in_stream)) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
        except zipfile.BadZipFile:
            raise ImportRefused(_("The file is not an Excel workbook (.xlsx).")) from None
        if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
            raise ImportRefused(
                _(
                    "The workbook unpacks to %(size)s, more than the %(limit)s allowed; save it as CSV "
                    "instead."
                )
                % {
                    "size": filesizeformat(unpacked),
                    "limit": filesizeformat(settings.IMPORT_MAX_UNPACKED_BYTES),
                }
            )
        # The archive's members never unpack past their declared sizes (zipfile stops there), so the check
        # above bounds what openpyxl reads; read-only mode streams the sheet row by row.
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            rows = book.active.iter_rows(values_only=True)
            dataset = tablib.Dataset()
            dataset.headers = list(next(rows, ()))
            check_headers(dataset.headers)
            for count, row in enumerate(rows, start=1):
                check_row_count(count)
                dataset.append(row)
        finally:
            book.close()
        return dataset


XLSX_START = b"PK\x03\x04"  # an .xlsx workbook is a zip archive
OLD_EXCEL_START = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003), which cannot be read


def detected_format(upload, formats) -> str:
    """The index in `formats` of the upload's format, read from its first bytes (not its name)."""
    upload.seek(0)
    start = upload.read(len(XLSX_START))
    upload.seek(0)
    if start == OLD_EXCEL_START:
        raise ValidationError(
            _("This is an old Excel file (.xls): save it as .xlsx or CSV and upload it again.")
        )
    # A file named .xlsx that is no workbook is read as one, to be refused saying so.
    workbook = start == XLSX_START or str(upload.name).lower().endswith(".xlsx")
    wanted = base_formats.XLSX if workbook else base_formats.CSV
    return next(str(index) for index, kind in enumerate(formats) if issubclass(kind, wanted))


class BoundedImportForm(ImportForm):
    """The import form: a file (its format read from the file itself), no larger than allowed."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["format"].required = False
        self.fields["format"].widget = forms.HiddenInput()
        self.fields["import_file"].widget.attrs.pop("class", None)  # no guessing from the name in the browser
        self.fields["import_file"].help_text = _(
            "CSV (UTF-8) or Excel (.xlsx); the format is read from the file."
        )

    @property
    def media(self):
        return forms.Media()  # the library's script guessed the format from the file's name

    def clean(self):
        data = super().clean()
        upload = data.get("import_file")
        if upload is not None:
            try:
                data["format"] = detected_format(upload, self.formats)
            except ValidationError as error:
                self.add_error("import_file", error)
        return data

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s; spreadsheets to import can be at most %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                },
            )
        return upload


class BoundedConfirmImportForm(ConfirmImportForm):
    """The confirmation step's hidden fields, checked: they come back from the browser."""

    def __init__(self, *args, formats, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.format_count, self.resource_count = len(formats), len(resources)

    def clean_import_file_name(self):
        name = self.cleaned_data["import_file_name"]
        if not (GENERATED_NAME.fullmatch(name) and GeneratedNameStorage(name=name).exists()):
            raise ValidationError(_("This import is no longer available; upload the file again."))
        return name

    def clean_format(self):
        return self._index("format", self.format_count, _("Unknown file format."))

    def clean_resource(self):
        if self.cleaned_data.get("resource") in (None, ""):
            return ""
        return self._index("resource", self.resource_count, _("Unknown kind of data."))

    def _index(self, name, count, message):
        value = self.cleaned_data[name]
        if not (value.isdigit() and int(value) < count):
            raise ValidationError(message)
        return value


class BoundedImportMixin:
    """For ImportExportModelAdmin: bounded files, checked confirmations, no file left behind."""

    import_form_class = BoundedImportForm
    confirm_form_class = BoundedConfirmImportForm
    # In the order of settings.IMPORT_FORMATS (CSV, XLSX), which the export and the README use.
    import_formats = [BoundedCSV, BoundedXLSX]

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {
            **super().get_confirm_form_kwargs(request, import_form),
            "formats": self.get_import_formats(),
            "resources": self.get_import_resource_classes(request),
        }

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportRefused):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.import_template_view)
        return [
            path("import/template/", view, name="{}_{}_import_template".format(*info)),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        """An empty spreadsheet with the import's columns: `?format=csv` (default) or `xlsx`."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        kind = request.GET.get("format", "csv")
        if kind not in TEMPLATE_TYPES:
            raise Http404
        resource = self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))
        content = tablib.Dataset(headers=resource.get_user_visible_fields_names()).export(kind)
        if kind == "csv":
            content = content.encode("utf-8-sig")  # so that Excel reads Chinese text as such
        response = HttpResponse(content, content_type=TEMPLATE_TYPES[kind])
        name = f"{self.opts.model_name}-template.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def import_action(self, request, **kwargs):
        GeneratedNameStorage().remove_abandoned()
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if context.get("result") is not None:
            context.update(import_preview(context["result"]))
        if "fields_list" in context:
            resource_class = self.get_import_resource_classes(request)[0]
            context["columns"] = resource_class(**self.get_import_resource_kwargs(request)).column_help()
            context["template_url"] = reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_import_template"
            )
        # The library marks the upload with the name it stored it under (a refused form forgets the upload).
        name = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if name and "confirm_form" not in context:
            GeneratedNameStorage(name=name).remove()  # refused: nothing will confirm it
        return response

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        name = form.cleaned_data["import_file_name"] if form.is_valid() else None
        try:
            return super().process_import(request, **kwargs)
        finally:
            if name:
                GeneratedNameStorage(name=name).remove()


TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PREVIEW_ROWS = 500  # rows to write listed on the page; the summary counts them all


def import_preview(result) -> dict:
    """What the import page shows of a checked file: the counts first, then the rows that would be written
    (the first PREVIEW_ROWS), and the unchanged ones apart (the page folds them)."""
    totals = result.totals
    written = [row for row in result.valid_rows() if row.import_type in ("new", "update")]
    unchanged = [row for row in result.valid_rows() if row.import_type == "skip"]
    return {
        "summary": {
            "new": totals["new"],
            "changed": totals["update"],
            "unchanged": totals["skip"],
            "errors": totals["error"] + totals["invalid"] + len(result.base_errors),
        },
        "written_rows": written[:PREVIEW_ROWS],
        "written_more": max(0, len(written) - PREVIEW_ROWS),
        "unchanged_rows": unchanged[:PREVIEW_ROWS],
        "unchanged_more": max(0, len(unchanged) - PREVIEW_ROWS),
    }
