"""Reading the partner area's pages as the partner does."""

import re
from html import unescape

from django.contrib.messages import get_messages
from django.urls import reverse


def text_of(response):
    """What the partner reads: tags dropped, entities decoded, spaces collapsed."""
    return text_of_html(response.content.decode())


def text_of_html(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def detail_url(action):
    return reverse("partners:action-detail", args=[action.pk])


def create_url(action):
    return reverse("partners:update-create", args=[action.pk])


def edit_url(update):
    return reverse("partners:update-edit", args=[update.pk])


def delete_url(update):
    return reverse("partners:update-delete", args=[update.pk])
