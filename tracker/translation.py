"""Content translated into every language of settings.LANGUAGES (columns such as name_en, name_zh_hans).

History is registered here, after modeltranslation has added its columns, so that the historical
tables record every language (the approach django-simple-history documents for modeltranslation).
"""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register

from .models import (
    MIRRORED_FIELDS,
    Action,
    ActionSeries,
    Agency,
    Category,
    ReasonCode,
    ReportingRound,
    Status,
    Strategy,
)


class StrategyOptions(TranslationOptions):
    fields = ("title", "short_title", "publisher", "description")


class CategoryOptions(TranslationOptions):
    fields = ("name", "description")


class AgencyOptions(TranslationOptions):
    fields = ("name", "short_name")


class StatusOptions(TranslationOptions):
    fields = ("name", "definition")


class ReasonCodeOptions(TranslationOptions):
    fields = ("name", "description")


class ActionOptions(TranslationOptions):
    fields = ("title", "description")


class ActionSeriesOptions(TranslationOptions):
    fields = ("expected_effect",)


translator.register(Strategy, StrategyOptions)
translator.register(Category, CategoryOptions)
translator.register(Agency, AgencyOptions)
translator.register(Status, StatusOptions)
translator.register(ReasonCode, ReasonCodeOptions)
translator.register(Action, ActionOptions)
translator.register(ActionSeries, ActionSeriesOptions)


class ReportingRoundOptions(TranslationOptions):
    fields = ("name",)


translator.register(ReportingRound, ReportingRoundOptions)

register(Strategy)
register(Category)
register(Agency)
register(Status)
register(ReasonCode)
# The current status, progress and date mirror the append-only status updates, which carry their own history.
register(Action, excluded_fields=list(MIRRORED_FIELDS))
register(ActionSeries)
register(ReportingRound)
