"""Home sections of the template library: Kadiv's (or a Supervisor's) approval queue, and the
versions sent back to their author."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.home import HomeSection, register
from core.models import TemplateVersion, VersionStatus
from core.template_library import selectors

SHOWN = 5


@register(None)
def templates_to_approve(user) -> HomeSection | None:
    if not (user.has_perm("core.approve_responsetemplate") or user.has_perm("core.approve_faq_template")):
        return None
    queue = list(selectors.approval_queue(user)[:SHOWN])
    return HomeSection(
        title=_("Template menunggu persetujuan"),
        more_url=reverse("templates:queue"),
        empty_text=_("Tidak ada template yang menunggu persetujuan."),
        items=[
            {
                "label": f"{version.template.name} v{version.number}",
                "url": reverse("templates:detail", args=[version.template_id]),
                "detail": version.template.get_kind_display(),
                "badge": _("usulan FAQ") if version.source == "faq_report" else "",
                "tone": "info",
            }
            for version in queue
        ],
    )


@register("core.change_responsetemplate")
def templates_sent_back(user) -> HomeSection | None:
    returned = list(
        TemplateVersion.objects.filter(status=VersionStatus.RETURNED, created_by=user)
        .select_related("template")
        .order_by("-id")[:SHOWN]
    )
    if not returned:
        return None
    return HomeSection(
        title=_("Template dikembalikan kepada Anda"),
        items=[
            {
                "label": f"{version.template.name} v{version.number}",
                "url": reverse("templates:detail", args=[version.template_id]),
                "detail": version.review_note,
                "badge": _("revisi"),
                "tone": "warning",
            }
            for version in returned
        ],
    )
