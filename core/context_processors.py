from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, permission needed); the navigation shows what the role may open.
NAV_ITEMS = [
    (_("Beranda"), "core:home", None),
    (_("Inbox"), "inquiries:inbox", "inquiries.view_inquiry"),
    (_("Eskalasi"), "inquiries:unit_queue", "inquiries.answer_escalation"),
    (_("Calon Mahasiswa"), "leads:list", "leads.view_lead"),
    (_("Antrean Telepon"), "calls:queue", "leads.view_callqueue"),
    (_("Laporan"), "reports:dashboard", "reports.view_reports"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, perm in NAV_ITEMS:
        if perm is None or user.has_perm(perm):
            url = reverse(url_name)
            items.append(
                {
                    "label": label,
                    "url": url,
                    "active": request.path == url or (url != "/" and request.path.startswith(url)),
                }
            )
    if user.is_staff:
        items.append(
            {"label": _("Admin"), "url": reverse("admin:index"), "active": request.path.startswith("/admin/")}
        )
    return {"nav_items": items}


def institution(request):
    """The campus name and logo (a static path) from the settings, for public pages and the brand."""
    return {"institution_name": settings.INSTITUTION_NAME, "institution_logo": settings.INSTITUTION_LOGO}
