from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
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


# One number format on the report pages and in the report emails, through Django's localisation
# (intcomma / floatformat, the active language's separators: 1.234 and 66,7% in Indonesian, 1,234 and
# 66.7% in English), as on the home page.


@register.filter
def num(value) -> str:
    """A count with thousands grouped: 12.345; — when there is none."""
    if value is None or value == "":
        return "—"
    return intcomma(value)


@register.filter
def dec(value, places: int = 1) -> str:
    """A measure with `places` decimals (minutes, a survey average): 12,5; — when there is none."""
    if value is None or value == "":
        return "—"
    return intcomma(floatformat(value, f"{places}g"))


@register.filter
def pct(value) -> str:
    """A percentage with one decimal: 66,7%; — when there is none."""
    if value is None or value == "":
        return "—"
    return f"{floatformat(value, '1g')}%"


@register.filter
def rupiah(value) -> str:
    if value is None:
        return "—"
    return f"Rp {intcomma(int(value))}"


@register.filter
def figure(value, unit: str = "") -> str:
    """A key figure as written in the report email: 12, 85.5%, Rp 1.500.000, or — when there is none."""
    if value is None:
        return "—"
    if unit == "Rp":
        return rupiah(value)
    if unit == "%":
        return pct(value)
    return dec(value, 2) if isinstance(value, float) else num(value)


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
        return f"{sign}{floatformat(magnitude, '1g')} {_('poin')}"
    return f"{sign}{dec(magnitude, 2) if isinstance(magnitude, float) else num(magnitude)}"
