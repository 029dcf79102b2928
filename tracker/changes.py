"""What changed lately: status updates, reviews, questions and answers, newest first, for the page and the
Atom feed. Three queries, however many there are."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from .models import Action, MessageKind, Review, ReviewMessage, StatusUpdate

LIMIT = 50


@dataclass
class Change:
    kind: str  # update, review, question, answer
    at: datetime
    action: Action
    author: object
    headline: str
    text: str
    link: str
    is_sample: bool = False

    @property
    def kind_label(self):
        return {
            "update": _("Status update"),
            "review": _("Review"),
            MessageKind.QUESTION: _("Question"),
            MessageKind.ANSWER: _("Answer"),
        }[self.kind]


def change_list(*, strategy=None, category=None, limit: int = LIMIT) -> list[Change]:
    """The `limit` newest changes, of one strategy or one of its categories when given."""

    def scoped(queryset, prefix):
        if strategy is not None:
            queryset = queryset.filter(**{f"{prefix}strategy": strategy})
        if category is not None:
            queryset = queryset.filter(**{f"{prefix}category": category})
        return queryset

    updates = (
        scoped(StatusUpdate.objects.all(), "action__")
        .select_related("action__strategy", "status", "author")
        .order_by("-created_at", "-pk")[:limit]
    )
    reviews = (
        scoped(Review.objects.all(), "action__")
        .select_related("action__strategy", "round__strategy", "reviewer")
        .order_by("-updated_at", "-pk")[:limit]
    )
    messages = (
        scoped(ReviewMessage.objects.all(), "update__action__")
        .select_related("update__action__strategy", "author")
        .order_by("-created_at", "-pk")[:limit]
    )
    changes = [
        Change(
            kind="update",
            at=update.created_at,
            action=update.action,
            author=update.author,
            headline=f"{update.status.name} · {update.progress}%",
            text=update.narrative,
            link=f"{update.action.get_absolute_url()}#update-{update.pk}",
            is_sample=update.is_sample,
        )
        for update in updates
    ]
    changes += [
        Change(
            kind="review",
            at=review.updated_at,
            action=review.action,
            author=review.reviewer,
            headline=f"{review.round.name}: {review.get_rating_display()} · {review.get_evidence_display()}",
            text=review.comment,
            link=review.round.get_absolute_url(),
            is_sample=review.round.is_sample,
        )
        for review in reviews
    ]
    changes += [
        Change(
            kind=message.kind,
            at=message.created_at,
            action=message.update.action,
            author=message.author,
            headline="",
            text=message.text,
            link=f"{message.update.action.get_absolute_url()}#update-{message.update_id}",
            is_sample=message.is_sample,
        )
        for message in messages
    ]
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]


def feed_token(user) -> str:
    """The user's token in the feed's address: their id and a signature that changes with their password, so
    that changing the password withdraws a token that leaked. Nothing is stored."""
    return f"{user.pk}-{_signature(user)}"


def _signature(user) -> str:
    return salted_hmac("tracker.changes-feed", f"{user.pk}:{user.password}").hexdigest()[:32]


def feed_user(token: str, users):
    """The active user whose token this is, from `users` (a queryset of users), or None."""
    pk, _sep, signature = token.partition("-")
    if not pk.isdigit():
        return None
    user = users.filter(pk=pk, is_active=True).first()
    if user is None or not constant_time_compare(signature, _signature(user)):
        return None
    return user
