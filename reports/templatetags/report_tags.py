from django import template

from inquiries.models import Channel
from leads.models import LeadSource, LeadStatus

register = template.Library()

_LABELS = {**dict(Channel.choices), **dict(LeadSource.choices), **dict(LeadStatus.choices), "none": "—"}


@register.filter
def label(value: str) -> str:
    """Display name of a channel, source or status value."""
    return _LABELS.get(value, value)


@register.filter
def rupiah(value) -> str:
    if value is None:
        return "—"
    return "Rp " + f"{int(value):,}".replace(",", ".")
