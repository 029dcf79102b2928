"""What changed lately: a page, and an Atom feed whose address carries the reader's own token (feed readers
cannot sign in)."""

from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from core.access import reader_required

from .. import changes
from ..models import Category, Strategy
from ..templatetags.display import display_name


def scope(request):
    """The strategy and category that ?strategy=<code>&category=<code> choose (a category only within a
    strategy); unknown codes choose nothing."""
    code = request.GET.get("strategy", "")
    strategy = Strategy.objects.filter(code=code).first() if code else None
    category = None
    if strategy is not None and request.GET.get("category"):
        category = Category.objects.filter(strategy=strategy, code=request.GET["category"]).first()
    return strategy, category


@reader_required
def change_list(request):
    strategy, category = scope(request)
    items = changes.change_list(strategy=strategy, category=category)
    feed_url = None
    if request.user.is_authenticated:
        feed_url = reverse("tracker:change-feed", args=[changes.feed_token(request.user)])
        if request.GET.urlencode():
            feed_url += "?" + request.GET.urlencode()
    context = {
        "items": items,
        "chosen_strategy": strategy,
        "chosen_category": category,
        "strategies": Strategy.objects.all(),
        "categories": strategy.categories.all() if strategy else [],
        "feed_url": feed_url,
        "has_samples": any(item.is_sample for item in items),
    }
    return render(request, "tracker/changes.html", context)


class ChangeFeed(Feed):
    """The same list as an Atom feed, for the signed-in user whose token is in the address."""

    feed_type = Atom1Feed

    def get_object(self, request, token):
        user = changes.feed_user(token, get_user_model().objects.all())
        if user is None:
            raise Http404
        self.scope = scope(request)
        return user

    def title(self, user):
        strategy, category = self.scope
        title = _("Policy Tracker: what changed lately")
        if category:
            return f"{title} · {strategy.label} · {category}"
        return f"{title} · {strategy.label}" if strategy else title

    def link(self, user):
        return reverse("tracker:change-list")

    def subtitle(self, user):
        return _("Status updates, reviews, questions and answers, newest first.")

    def items(self, user):
        strategy, category = self.scope
        return changes.change_list(strategy=strategy, category=category)

    def item_title(self, item):
        title = f"{item.kind_label}: {item.action.strategy.label} {item.action.code} {item.action.title}"
        return f"[{_('Sample')}] {title}" if item.is_sample else title

    def item_description(self, item):
        return f"{item.headline}\n{item.text}".strip()

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return f"{item.kind}:{item.link}:{item.at.isoformat()}"

    def item_author_name(self, item):
        return display_name(item.author)

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at
