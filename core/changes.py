"""Writes that change leads in bulk say so here; the apps above (reports' roll-ups) listen.

Django's model signals already tell a listener about `save()`, `create()` and `delete()`. A
`QuerySet.update()` or `bulk_create()` sends none, so the lower layers call `leads_changed` after
such a write (an import, an inquiry linked to a lead, an erasure) without importing the app that
cares. Handlers run at once, inside the caller's transaction: a roll-up marked stale commits or
rolls back together with the change that made it stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Handler = Callable[[list[int], bool], None]
_HANDLERS: list[Handler] = []


def register(handler: Handler) -> Handler:
    """Decorator: `@register def on_leads_changed(lead_ids, recount) -> None`; twice is a no-op."""
    if handler not in _HANDLERS:
        _HANDLERS.append(handler)
    return handler


def leads_changed(lead_ids: Iterable[int | None], *, recount: bool = False) -> None:
    """Leads whose reported figures may have changed. `recount`: bring derived rows up to date now
    (an erasure: no stale copy of redacted text may outlive the transaction)."""
    ids = sorted({pk for pk in lead_ids if pk is not None})
    if not ids:
        return
    for handler in _HANDLERS:
        handler(ids, recount)
