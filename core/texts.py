"""Stored texts as codes plus parameters, shown in the reader's language when they are read.

An alert, a follow-up's reason or an outbox error is written once (by a beat job, in no one's
language) and read later by people who chose Indonesian or English. So a row keeps a *code* and
its *parameters*; the words come from the code's msgid, translated at render time. Each layer
defines the codes it writes (`outbox/texts.py`, `leads/texts.py`, `inquiries/texts.py`, loaded by
their AppConfig.ready); this module only keeps the registry and renders.

The row also keeps the text in the office language: the fallback for rows written before codes
existed (and for a code no longer defined), and what the privacy search reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import Choices
from django.utils import dateformat, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

DATETIME = "datetime"
TIME = "time"
_KINDS = (DATETIME, TIME)


@dataclass(frozen=True)
class TextCode:
    """One stored text: a stable code, its Indonesian msgid with `%(name)s` placeholders, and how
    the parameters that are not plain text are shown (choice values by their label, moments in the
    office zone with month names in the reader's language)."""

    code: str
    msgid: str
    choices: Mapping[str, type[Choices]] = field(default_factory=dict)
    moments: Mapping[str, str] = field(default_factory=dict)  # param name -> DATETIME or TIME

    def stored(self, **params: Any) -> StoredText:
        """The code, JSON-ready parameters and the office-language text of this text with `params`."""
        values = {name: _stored_value(value) for name, value in params.items()}
        with translation.override(settings.LANGUAGE_CODE):
            text = render(self.code, values)
        return StoredText(code=self.code, params=values, text=text)


@dataclass(frozen=True)
class StoredText:
    code: str
    params: dict[str, Any]
    text: str


def stored_columns(value: str | StoredText) -> tuple[str, str, dict[str, Any]]:
    """The (words, code, params) to store for a note: typed words as typed, one of ours coded."""
    if isinstance(value, StoredText):
        return value.text, value.code, value.params
    return (value or "").strip(), "", {}


_REGISTRY: dict[str, TextCode] = {}


def define(
    code: str,
    msgid: str,
    *,
    choices: Mapping[str, type[Choices]] | None = None,
    moments: Mapping[str, str] | None = None,
) -> TextCode:
    """Register a code (msgid marked with gettext_noop by the caller so makemessages finds it)."""
    for kind in (moments or {}).values():
        if kind not in _KINDS:
            raise ValueError(f"unknown moment kind {kind!r} for {code}")
    entry = TextCode(code=code, msgid=msgid, choices=dict(choices or {}), moments=dict(moments or {}))
    known = _REGISTRY.get(code)
    if known is not None and known != entry:
        raise ValueError(f"text code {code!r} defined twice with different texts")
    _REGISTRY[code] = entry
    return entry


def lookup(code: str) -> TextCode | None:
    return _REGISTRY.get(code)


def render(code: str, params: Mapping[str, Any] | None, *, fallback: str = "") -> str:
    """The text in the active language. A row without a known code shows its stored text (translated
    when it is exactly one of our msgids, as before codes existed)."""
    entry = _REGISTRY.get(code) if code else None
    if entry is None:
        return gettext(fallback) if fallback else ""
    params = params or {}
    values = {name: _shown(entry, name, value) for name, value in params.items()}
    try:
        return gettext(entry.msgid) % values
    except (KeyError, TypeError, ValueError):
        # parameters that no longer fit the msgid (a changed code): the stored words beat a crash
        return fallback or gettext(entry.msgid)


def _stored_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, Choices):
        return value.value
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _shown(entry: TextCode, name: str, value: Any) -> Any:
    if name in entry.choices:
        try:
            return entry.choices[name](value).label
        except ValueError:
            return value
    kind = entry.moments.get(name)
    if kind is not None and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is None:
            return value  # stored before codes as already formatted text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        # the screens' one date style ("22 Nov 2026 14:30"), month names in the reader's language
        return dateformat.format(moment, "H:i" if kind == TIME else "d M Y H:i")
    return value
