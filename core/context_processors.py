from __future__ import annotations

from collections.abc import Callable

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
    (_("Konten"), "content:list", "content.view_contentitem"),
    (_("Laporan"), "reports:dashboard", "reports.view_reports"),
    # Admin Media Sosial's own entry (Kadiv and Supervisor reach it from the dashboard).
    (_("Laporan harian"), "reports:daily", "reports.view_daily_report"),
    # Kadiv, Supervisor and the admins draft or approve; Telemarketing only reads scripts on /calls/.
    (_("Template"), "templates:list", "core.change_responsetemplate"),
    (_("Kalender kantor"), "office_calendar:page", "core.change_officehoursblock"),
    (_("Newsletter"), "campaigns:list", "leads.view_campaign"),
]


# url name -> function(user) -> int: a count badge next to that item, registered by the higher apps
# (core may not import them), e.g. the escalations waiting for the user's office. The page renders
# an empty badge that fetches its count from `core:nav_badge` on load and then every 30 seconds.
NAV_BADGES: dict[str, Callable] = {}


def register_nav_badge(url_name: str):
    def decorator(func: Callable):
        NAV_BADGES[url_name] = func
        return func

    return decorator


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, perm in NAV_ITEMS:
        if perm is None or user.has_perm(perm):
            url = reverse(url_name)
            badge = NAV_BADGES.get(url_name)
            items.append(
                {
                    "label": label,
                    "url": url,
                    "active": request.path == url or (url != "/" and request.path.startswith(url)),
                    # Counted by the badge's own htmx request on load: no query in the page render.
                    "has_badge": badge is not None,
                    "name": url_name,
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
