"""The admin side of the exchange: import and export pages, the dictionary, the streamed CSV.

ExchangeAdmin is mixed into a ModelAdmin that keeps its own configuration; the model admin
names its resource (`resource_classes`) and, for a large list, sets `streamed_export`.

- Importing and exporting are separate permissions (IMPORT_EXPORT_IMPORT_PERMISSION_CODE
  and IMPORT_EXPORT_EXPORT_PERMISSION_CODE): plans.import_action, plans.export_action…
- The preview lists every error in French with its line and column; when the confirmed
  import meets an error after all, nothing is written and the errors are shown again.
- Exports are written by cai.spreadsheets (BOM and ";", neutralised formulas, XLSX with a
  "Dictionnaire" sheet); the dictionary of a CSV export is its own download.
"""

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm
from import_export.results import RowResult
from import_export.signals import post_import

from cai.spreadsheets import csv_text, dictionary_csv_bytes, streamed_csv_text

from . import formats
from .resources import describe_problems

# A file wrong on every line still gets a page that opens.
SHOWN_PROBLEMS = 500


class SpreadsheetImportForm(ImportForm):
    """The import form, for the files an import can read (CSV, XLSX) up to IMPORT_MAX_BYTES:
    anything else is refused on the form, in French, before it is read."""

    def __init__(self, import_formats, resources, **kwargs):
        super().__init__(import_formats, resources, **kwargs)
        self.extensions = [file_format().get_extension() for file_format in import_formats]

    def clean_import_file(self):
        file = self.cleaned_data["import_file"]
        extension = PurePath(file.name).suffix.lower().lstrip(".")
        if extension not in self.extensions:
            raise ValidationError(
                _("Seuls les fichiers %(allowed)s peuvent être importés, pas « .%(extension)s »."),
                code="invalid_extension",
                params={"allowed": ", ".join(self.extensions), "extension": extension},
            )
        if file.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _(
                    "Ce fichier pèse %(size)s ; un import peut peser %(limit)s au plus. "
                    "Découpez-le en plusieurs fichiers."
                ),
                code="file_too_large",
                params={
                    "size": filesizeformat(file.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                },
            )
        return file


class ExchangeAdmin(ImportExportMixin):
    import_form_class = SpreadsheetImportForm
    import_formats = formats.IMPORT_FORMATS
    export_formats = formats.EXPORT_FORMATS
    # Every column is exported, so that an exported file always imports back.
    export_form_class = ExportForm
    import_export_change_list_template = "admin/exchange/change_list.html"
    import_template_name = "admin/exchange/import.html"
    export_template_name = "admin/exchange/export.html"
    # Set on the admin of a list too long to build in memory: adds a streamed CSV export.
    streamed_export = False

    def get_urls(self):
        urls = [
            path(
                "export/dictionnaire/",
                self.admin_site.admin_view(self.dictionary_view),
                name=self.url_name("dictionary"),
            )
        ]
        if self.streamed_export:
            urls.append(
                path(
                    "export/flux/",
                    self.admin_site.admin_view(self.streamed_export_view),
                    name=self.url_name("streamed_export"),
                )
            )
        return urls + super().get_urls()

    def url_name(self, page):
        app_label, model_name = self.get_model_info()
        return f"{app_label}_{model_name}_{page}"

    # --- import

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        self.describe_result(response.context_data)
        return response

    def describe_result(self, context):
        result = context.get("result")
        if result is not None:
            problems = describe_problems(result)
            context["problems"] = problems[:SHOWN_PROBLEMS]
            context["more_problems"] = len(problems[SHOWN_PROBLEMS:])
            context["totals"] = {kind: result.totals[kind] for kind in RowResult.valid_import_types}
        resource = self.get_import_resource_classes(None)[0]()
        context["key_columns"] = resource.required_columns()
        context["columns"] = resource.spreadsheet_columns()

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, formats.SpreadsheetError):
            form.add_error("import_file", str(error))
        else:
            super().add_data_read_fail_error_to_form(form, error)

    def process_dataset(self, dataset, form, request, **kwargs):
        # The confirmed import is all or nothing: a line that fails now (the data changed
        # since the preview) rolls the whole file back.
        return super().process_dataset(
            dataset, form, request, rollback_on_validation_errors=True, **kwargs
        )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            return self.refused_import(result, request)
        self.generate_log_entries(result, request)
        post_import.send(sender=None, model=self.model)
        totals = result.totals
        messages.success(
            request,
            _(
                "Import terminé : %(new)d ligne(s) créée(s), %(update)d modifiée(s), "
                "%(skip)d inchangée(s)."
            )
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "update": totals[RowResult.IMPORT_TYPE_UPDATE],
                "skip": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )
        return HttpResponseRedirect(
            reverse("admin:" + self.url_name("changelist"), current_app=self.admin_site.name)
        )

    def refused_import(self, result, request):
        messages.error(request, _("Rien n'a été importé : le fichier contient des erreurs."))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importer"),
            "form": self.get_import_form_class(request)(
                self.get_import_formats(), self.get_import_resource_classes(request)
            ),
            "opts": self.model._meta,
            "result": result,
            "import_error_display": self.import_error_display,
        }
        self.describe_result(context)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    # --- export

    def export_resource(self, request):
        return self.get_export_resource_classes(request)[0](
            **self.get_export_resource_kwargs(request)
        )

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource = self.export_resource(request)
        return file_format.export_columns(
            resource.spreadsheet_columns(),
            resource.export_rows(queryset),
            title=self.model._meta.verbose_name_plural,
        )

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.file_stem()}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def file_stem(self):
        return slugify(str(self.model._meta.verbose_name_plural))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "streamed_export": self.streamed_export}
        return super().changelist_view(request, extra_context)

    def get_export_context_data(self, **kwargs):
        return {
            **super().get_export_context_data(**kwargs),
            "streamed_export": self.streamed_export,
        }

    def dictionary_view(self, request):
        """The data dictionary of the export, as a small CSV file of its own."""
        if not (self.has_export_permission(request) or self.has_import_permission(request)):
            raise PermissionDenied
        columns = self.export_resource(request).spreadsheet_columns()
        response = HttpResponse(
            dictionary_csv_bytes(columns), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{self.file_stem()}-dictionnaire.csv"'
        )
        return response

    def streamed_export_view(self, request):
        """The CSV of the filtered list, written while it is read: flat memory, any size."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            queryset = self.get_export_queryset(request)
        except IncorrectLookupParameters:
            changelist = reverse("admin:" + self.url_name("changelist"))
            return HttpResponseRedirect(f"{changelist}?e=1")
        resource = self.export_resource(request)
        # The cells of the regular CSV export, without a model instance per row.
        return streamed_csv_text(
            f"{self.file_stem()}-{timezone.localdate():%Y-%m-%d}.csv",
            csv_text(resource.get_export_headers(), resource.export_cells(queryset)),
        )
