"""Forms officials fill in. The rules live in tracker.services; forms only turn them into messages."""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    NARRATIVE_MAX_LENGTH,
    REASON_TEXT_MAX_LENGTH,
    Action,
    EvidenceSupport,
    Rating,
    ReasonCode,
    Status,
    StatusUpdate,
)
from .services.updates import progress_validate, status_update_validate
from .uploads import EVIDENCE_ACCEPT, validate_evidence_file


class StatusSelect(forms.Select):
    """Options carry the status's default progress and range, which static/tracker/status_update_form.js
    prefills and sets as the progress field's bounds."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        status = getattr(value, "instance", None)
        if status is not None:
            option["attrs"]["data-default-progress"] = str(status.default_progress)
            option["attrs"]["data-min-progress"] = str(status.min_progress)
            option["attrs"]["data-max-progress"] = str(status.max_progress)
            if status.needs_reason:
                option["attrs"]["data-needs-reason"] = "true"
        return option


class CorrectsChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(date)s · %(status)s · %(progress)s%%") % {
            "date": formats.date_format(obj.reported_on, "DATE_FORMAT"),
            "status": obj.status.name,
            "progress": obj.progress,
        }


def original_filename(name: str, limit: int = 200) -> str:
    """The uploaded file's own name, without any path, shortened to fit while keeping its extension."""
    path = PurePath(name.replace("\\", "/"))
    filename = path.name or "evidence"
    if len(filename) <= limit:
        return filename
    suffix = path.suffix[:10]
    return path.stem[: limit - len(suffix)] + suffix


class StatusUpdateServiceMixin:
    """What the officials' form and the admin's share: the service's checks, as messages next to the fields
    they name, and the service's arguments taken from the form's fields."""

    def check_with_service(self, action: Action) -> None:
        data = self.cleaned_data
        try:
            status_update_validate(
                action=action,
                status=data["status"],
                progress=data.get("progress"),
                reported_on=data.get("reported_on"),
                narrative=data.get("narrative") or "",
                reason=data.get("reason"),
                reason_text=data.get("reason_text") or "",
                corrects=data.get("corrects"),
                correction_reason=data.get("correction_reason") or "",
            )
        except ValidationError as error:
            self.add_service_errors(error)

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's ValidationError next to the fields it names; fields with a message keep theirs."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.error_dict.items():
            if field in self.fields:
                if field not in self.errors:
                    self.add_error(field, messages)
            else:
                self.add_error(None, messages)

    def update_kwargs(self) -> dict:
        """Arguments for status_update_create from the fields both forms offer."""
        data = self.cleaned_data
        upload = data.get("evidence_file")
        return {
            "status": data["status"],
            "progress": data["progress"],
            "reported_on": data["reported_on"],
            "narrative": data["narrative"],
            "evidence_url": data.get("evidence_url") or "",
            "evidence_file": upload or None,
            "evidence_filename": original_filename(upload.name) if upload else "",
            "reason": data.get("reason"),
            "reason_text": data.get("reason_text") or "",
            "corrects": data.get("corrects"),
            "correction_reason": data.get("correction_reason") or "",
            "keep_evidence": not data.get("drop_evidence"),
        }


# static/tracker/text_counter.js shows it under a text area with a data-limit, filling in the two numbers and
# marking it when the text is too long. No maxlength: a browser would cut pasted text off without a word; the
# service refuses a text over the limit with a message instead, and nothing typed is lost.
COUNTER = _("{count} of {limit} characters")
COUNTER_OVER = _("{count} of {limit} characters: too long")


def counted_textarea(*, rows: int, limit: int) -> forms.Textarea:
    """A text area of `rows` lines that counts its characters against `limit` as one types."""
    return forms.Textarea(
        attrs={"rows": rows, "data-limit": limit, "data-counter": COUNTER, "data-counter-over": COUNTER_OVER}
    )


class StatusUpdateFields(forms.Form):
    """What every status update asks for: the officials' form and the admin's bulk change use these."""

    status = forms.ModelChoiceField(
        label=_("Status"),
        queryset=Status.objects.all(),
        widget=StatusSelect,
        empty_label=_("Choose a status"),
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Within the range the chosen status allows. Left empty, it is the status’s default."),
    )
    reported_on = forms.DateField(
        label=_("Date of the update"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When this was the state of things; not in the future."),
    )
    narrative = forms.CharField(
        label=_("What has happened"),
        widget=counted_textarea(rows=5, limit=NARRATIVE_MAX_LENGTH),
        help_text=_("Describe what has been done since the last update, and what comes next."),
    )
    reason = forms.ModelChoiceField(
        label=_("Reason"),
        queryset=ReasonCode.objects.all(),
        required=False,
        empty_label=_("No reason given"),
        help_text=_("Required when the status needs a reason, such as Delayed."),
    )
    reason_text = forms.CharField(
        label=_("Reason details"),
        required=False,
        widget=counted_textarea(rows=2, limit=REASON_TEXT_MAX_LENGTH),
        help_text=_("Required with a reason: explain it in a few words."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") is not None and "progress" not in self.errors:
            try:
                progress_validate(status=cleaned["status"], progress=cleaned.get("progress"))
            except ValidationError as error:
                self.add_error(None, error)  # a dictionary: each message goes next to its field
        return cleaned


class StatusUpdateForm(StatusUpdateServiceMixin, StatusUpdateFields):
    required_css_class = "required"

    evidence_url = forms.URLField(
        label=_("Evidence link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("A web page that shows the progress, such as an announcement or a report."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        validators=[validate_evidence_file],
        widget=forms.FileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=_("PDF, image, Word, Excel or CSV; at most 10 MB."),
    )
    corrects = CorrectsChoiceField(
        label=_("This update corrects"),
        queryset=StatusUpdate.objects.none(),
        required=False,
        empty_label=_("Nothing: it is a new update"),
        help_text=_("Pick an earlier update that was wrong. It stays in the history, marked as corrected."),
    )
    correction_reason = forms.CharField(
        label=_("Why correct it"),
        required=False,
        widget=counted_textarea(rows=2, limit=REASON_TEXT_MAX_LENGTH),
        help_text=_("What was wrong in the earlier update, in a few words."),
    )
    drop_evidence = forms.BooleanField(
        label=_("Drop the evidence file of the corrected update"),
        required=False,
        help_text=_("Tick it when that file is wrong too. Attaching a new file also replaces it."),
    )

    def __init__(self, *args, action: Action, correcting: bool = False, **kwargs):
        """`correcting`: the correction form, which alone offers the choice of an update to correct."""
        super().__init__(*args, **kwargs)
        self.action = action
        self.correcting = correcting
        if correcting:
            self.fields["corrects"].queryset = (
                action.updates.effective().latest_first().select_related("status")
            )
            self.fields["corrects"].required = True
            self.fields["corrects"].empty_label = None
            self.fields["correction_reason"].required = True
        else:
            for name in ("corrects", "correction_reason", "drop_evidence"):
                del self.fields[name]
        date_attrs = self.fields["reported_on"].widget.attrs
        date_attrs["max"] = timezone.localdate().isoformat()
        if action.start_date:
            date_attrs["min"] = action.start_date.isoformat()
        for name in ("reason", "reason_text"):
            self.fields[name].widget.attrs["data-reason-field"] = "true"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") is not None:
            self.check_with_service(self.action)
        return cleaned

    def correction_changes(self, corrected: StatusUpdate) -> dict[str, dict]:
        """What the correction changes of `corrected`, field by field (status, progress, reported_on): the
        value reported (`old`), the value the form holds (`new`: what was submitted, or None where it is
        missing; unbound, what was reported) and whether they differ (`changed`). Call it after is_valid()."""
        old = {
            "status": corrected.status,
            "progress": corrected.progress,
            "reported_on": corrected.reported_on,
        }
        new = dict(old)
        if self.is_bound:
            cleaned = getattr(self, "cleaned_data", {})
            # A field refused keeps what was typed (shown as typed); a status refused is none.
            new = {name: cleaned.get(name, self[name].value() or None) for name in old}
            if "status" not in cleaned:
                new["status"] = None
            elif new["progress"] is None:
                new["progress"] = cleaned["status"].default_progress  # as the service fills it in
        return {name: {"old": old[name], "new": new[name], "changed": new[name] != old[name]} for name in old}


class StaleDaysForm(forms.Form):
    """The data-quality page's threshold for actions without a recent update."""

    days = forms.IntegerField(label=_("No update for (days)"), min_value=1, max_value=36500, required=False)


RADIOS = forms.RadioSelect(attrs={"class": "form-check-input"})


class ReviewForm(forms.Form):
    """A reviewer's assessment of an action in a round (services.rounds.review_save holds the rules)."""

    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices, widget=RADIOS)
    evidence = forms.ChoiceField(
        label=_("Evidence"),
        choices=EvidenceSupport.choices,
        widget=RADIOS,
        help_text=_("How well the evidence supports what the agency reported."),
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ReviewMessageForm(forms.Form):
    """A question on an update (reviewers) or an answer to one (the action's officials)."""

    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as the statistics bureau’s loader."),
    )
