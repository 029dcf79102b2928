"""Reporting rounds: a strategy's rounds, one round's reports and reviews, the reviewers' assessment form, the
thread of questions and answers on an update, and the comparison of two closed rounds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import reader_required

from .. import round_pdf, round_queries
from ..access import can_answer, can_review, get_action_for_user
from ..forms import ReviewForm, ReviewMessageForm
from ..models import MessageKind, ReportingRound, Review, RoundState, Status, StatusUpdate
from ..services.rounds import review_message_create, review_save
from .pages import action_detail_context, get_strategy


def get_round(strategy_code: str, pk: int) -> ReportingRound:
    return get_object_or_404(
        ReportingRound.objects.select_related("strategy"), strategy__code=strategy_code, pk=pk
    )


@reader_required
def round_list(request, strategy):
    strategy = get_strategy(strategy)
    rounds = strategy.rounds.annotate(
        report_count=Count("reports", distinct=True), review_count=Count("reviews", distinct=True)
    ).order_by("-period_start", "name")
    closed = [r for r in rounds if r.state == RoundState.CLOSED]
    context = {
        "strategy": strategy,
        "rounds": rounds,
        "can_compare": len(closed) > 1,
        "has_samples": any(r.is_sample for r in rounds),
    }
    return render(request, "tracker/rounds/round_list.html", context)


@reader_required
def round_detail(request, strategy, pk):
    """The round: every action's report (due, submitted, late), status and review. Live while the round is
    open, frozen once it closed."""
    round = get_round(strategy, pk)
    lines = round_queries.round_lines(round)
    context = {
        "strategy": round.strategy,
        "round": round,
        "lines": lines,
        "summary": round_queries.round_summary(lines, list(Status.objects.all())),
        "can_review": round.is_open and can_review(request.user),
        "has_samples": round.is_sample,
    }
    return render(request, "tracker/rounds/round_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request, strategy, pk, code):
    """A reviewer's assessment of one action in an open round, beside what its lead agency reported."""
    round = get_round(strategy, pk)
    action = get_action_for_user(request.user, strategy, code)
    if not can_review(request.user):
        raise PermissionDenied
    review = Review.objects.filter(round=round, action=action).select_related("reviewer").first()
    initial = (
        {"rating": review.rating, "evidence": review.evidence, "comment": review.comment} if review else {}
    )
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and round.is_open and form.is_valid():
        try:
            review_save(round=round, action=action, reviewer=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.error_dict.items() if hasattr(error, "error_dict") else []:
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            if not hasattr(error, "error_dict"):
                form.add_error(None, error)
        else:
            messages.success(request, _("Your review of action %(code)s is saved.") % {"code": action.code})
            return redirect(round)
    report = round.reports.filter(action=action).select_related("update__status", "update__author").first()
    context = {
        "strategy": round.strategy,
        "round": round,
        "action": action,
        "form": form,
        "review": review,
        "report": report,
        "has_samples": round.is_sample,
    }
    return render(request, "tracker/rounds/review_form.html", context)


@login_required
@require_POST
def message_create(request, strategy, code, update):
    """A reviewer's question on an update, or an official's answer on their agency's action."""
    action = get_action_for_user(request.user, strategy, code)
    update = get_object_or_404(StatusUpdate, action=action, pk=update)
    if can_review(request.user):
        kind = MessageKind.QUESTION
    elif can_answer(request.user, action):
        kind = MessageKind.ANSWER
    else:
        raise PermissionDenied
    form = ReviewMessageForm(request.POST)
    if form.is_valid():
        try:
            review_message_create(
                update=update, author=request.user, kind=kind, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("text", message)
        else:
            if kind == MessageKind.QUESTION:
                messages.success(request, _("Your question is sent to the reporting agency."))
            else:
                messages.success(request, _("Your answer is sent to the reviewer."))
            return redirect(f"{action.get_absolute_url()}#update-{update.pk}")
    context = action_detail_context(request, action, thread_forms={update.pk: form})
    return render(request, "tracker/action_detail.html", context, status=200)


@reader_required
def round_compare(request, strategy):
    """What moved between two closed rounds of the strategy (by default the latest two)."""
    strategy = get_strategy(strategy)
    closed = list(strategy.rounds.closed().order_by("-period_start", "-closed_at"))

    def chosen(name, default):
        value = request.GET.get(name, "")
        return next((r for r in closed if str(r.pk) == value), default)

    after = chosen("after", closed[0] if closed else None)
    before = chosen("before", next((r for r in closed if r != after), None))
    context = {
        "strategy": strategy,
        "closed": closed,
        "before": before,
        "after": after,
        "has_samples": any(r.is_sample for r in (before, after) if r),
    }
    if before and after and before != after:
        context.update(round_queries.rounds_compare(before, after))
        context["compared"] = True
    return render(request, "tracker/rounds/round_compare.html", context)


@reader_required
def round_report(request, strategy, pk):
    """The round report, laid out for printing: summary figures, the status mix, each category's actions,
    the late or missing reports."""
    round = get_round(strategy, pk)
    context = {**round_queries.round_report(round), "has_samples": round.is_sample}
    return render(request, "tracker/rounds/round_report.html", context)


@reader_required
def round_report_pdf(request, strategy, pk):
    """The round report as a PDF in the reader's language."""
    round = get_round(strategy, pk)
    content = round_pdf.round_report_pdf(round_queries.round_report(round))
    response = HttpResponse(content, content_type="application/pdf")
    language = translation.get_language() or "en"
    name = f"{round.strategy.code}-round-{round.pk}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Language"] = language
    return response
