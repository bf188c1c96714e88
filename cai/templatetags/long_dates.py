"""Dates as Belgians write them in templates: "1er avril 2026", "2 avril 2026".

Django's French format writes the first of the month as "1 avril"; French usage (and the
Belgian administration's) writes "1er". The rule itself is cai.models.format_long_date.
"""

import datetime

from django import template
from django.utils import timezone

from cai.models import format_long_date

register = template.Library()


@register.filter
def long_date(value):
    """A date (or a datetime, read in Brussels time) written out in words."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_long_date(value)
