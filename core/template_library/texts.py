"""The notes the template library writes in a version's history, as codes rendered in the
reader's language (`core.texts`)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from core.texts import define

REVISED = define("templates.revised", gettext_noop("Direvisi"))
SUPERSEDED_BY = define("templates.superseded_by", gettext_noop("Digantikan v%(n)s"))
