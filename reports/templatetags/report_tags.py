from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from inquiries.models import Channel
from leads.models import LeadSource, LeadStatus

register = template.Library()


@register.filter
def label(value: str) -> str:
    """Display name of a channel, source or status value ("none": leads that never wrote an inquiry)."""
    if value == "none":
        return _("langsung / tanpa pertanyaan")
    labels = {**dict(Channel.choices), **dict(LeadSource.choices), **dict(LeadStatus.choices)}
    return labels.get(value, value)


@register.filter
def rupiah(value) -> str:
    if value is None:
        return "—"
    return "Rp " + f"{int(value):,}".replace(",", ".")


@register.filter
def figure(value, unit: str = "") -> str:
    """A key figure as written in the report email: 12, 85.5%, Rp 1.500.000, or — when there is none."""
    if value is None:
        return "—"
    if unit == "Rp":
        return rupiah(value)
    return f"{number_format(value)}{unit}"


@register.filter
def change(value, unit: str = "") -> str:
    """The change against the previous period with its sign: +3, -1.5 poin, ±0."""
    if value is None:
        return "—"
    if value == 0:
        return "±0"
    sign = "+" if value > 0 else "-"
    magnitude = abs(value)
    if unit == "Rp":
        return sign + rupiah(magnitude)
    if unit == "%":
        return f"{sign}{number_format(magnitude)} {_('poin')}"
    return f"{sign}{number_format(magnitude)}"
