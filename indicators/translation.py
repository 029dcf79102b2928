"""Translated content of the indicators app; see tracker/translation.py for why history is registered here."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register

from .models import Series


class SeriesOptions(TranslationOptions):
    fields = ("name", "unit", "geography", "notes")


translator.register(Series, SeriesOptions)
register(Series)
