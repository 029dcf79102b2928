"""Translated columns (django-modeltranslation) read by the database instead of by model instances."""

from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order


def translated(model, lookup: str):
    """What modeltranslation shows for `lookup` (such as "name", or "category__name" with `model` the
    category's) in the current language, as an expression: the current language's column, else the first of
    its fallback languages' that is not empty, else "". For rows read with values_list(), where a model
    instance's descriptor would apply the same fallbacks one attribute at a time."""
    path, _, name = lookup.rpartition("__")
    prefix = f"{path}__" if path else ""
    languages = resolution_order(get_language(), getattr(model, name).fallback_languages)
    text = TextField()
    columns = [
        NullIf(F(prefix + build_localized_fieldname(name, language)), Value(""), output_field=text)
        for language in languages
    ]
    return Coalesce(*columns, Value(""), output_field=text)
