"""Dates as Belgians write them: "1er avril 2026", "2 avril 2026".

Django's French format writes the first of the month as "1 avril"; French usage (and the
Belgian administration's) writes "1er". English keeps Django's own format.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()


@register.filter
def long_date(value):
    """A date (or a datetime, read in Brussels time) written out in words."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = date_format(value, "j F Y")
    if value.day == 1 and (get_language() or "fr").startswith("fr"):
        return "1er" + text[1:]
    return text
