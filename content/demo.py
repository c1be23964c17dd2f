"""Demo content plan: items in every step, two posted ones with attributed leads (seed_demo)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model

from content import attribution, services
from content.models import AttributionVia, ContentChannel, ContentItem
from leads.models import Lead, StudyProgram

CHECKED = ["text", "visual", "link", "hashtags"]
# title, channel, campaign, path through the workflow, days from now for the schedule
DEMO_ITEMS = [
    (
        "Carousel jalur beasiswa KIP",
        ContentChannel.INSTAGRAM,
        "PMB-2026",
        ["production", "review", "approved", "scheduled", "posted"],
        -6,
    ),
    (
        "Video tur kampus D3 Perhotelan",
        ContentChannel.TIKTOK,
        "PMB-2026",
        ["production", "review", "approved", "scheduled", "posted"],
        -3,
    ),
    (
        "Testimoni alumni kapal pesiar",
        ContentChannel.YOUTUBE,
        "PMB-2026",
        ["production", "review", "approved", "scheduled"],
        2,
    ),
    ("Info open house Sabtu", ContentChannel.FACEBOOK, "Open House", ["production", "review"], 5),
    (
        "Kerja sama industri hotel Lagoi",
        ContentChannel.LINKEDIN,
        "",
        ["production", "review", "changes_requested"],
        8,
    ),
    ("Jadwal tes gelombang 2", ContentChannel.WHATSAPP, "PMB-2026", [], 10),
]


def seed(stdout, now) -> None:
    User = get_user_model()
    staff = User.objects.filter(username="sosmed").first()
    kadiv = User.objects.filter(username="kadiv").first()
    if staff is None or kadiv is None or ContentItem.objects.exists():
        return
    program = StudyProgram.objects.filter(is_active=True).first()
    leads = list(Lead.objects.order_by("pk")[:6])
    for index, (title, channel, campaign, path, days) in enumerate(DEMO_ITEMS):
        item = services.create_item(
            title=title,
            channel=channel,
            by=staff,
            campaign=campaign,
            program=program,
            brief=title,
            cost=250000 * (index + 1),
        )
        for target in path:
            by = kadiv if target in ("approved", "changes_requested") else staff
            services.transition_item(
                item,
                to=target,
                by=by,
                note="Logo kurang besar" if target == "changes_requested" else "",
                scheduled_at=now + timedelta(days=days),
                checklist=CHECKED,
                url=f"https://www.instagram.com/p/demo{index}/" if target == "posted" else "",
                media_id=f"1789569566800{index:04d}" if target == "posted" else "",
            )
        if path and path[-1] == "posted":
            for lead in leads[index * 3 : index * 3 + 3]:
                attribution.attribute(
                    item, lead_id=lead.pk, inquiry_id=None, via=AttributionVia.FORM, by=None
                )
    stdout.write(f"  content: {len(DEMO_ITEMS)} content items")
