"""The website channel: the campus website's interest form stores a lead and, with a question,
an inquiry in the inbox like every other channel (SOP 02)."""

from __future__ import annotations

from django.db import transaction

from core import touches
from inquiries.models import Channel, Inquiry
from inquiries.services.workflow import record_manual_inquiry
from leads import services as lead_services
from leads.forms import CONSENT_WORDING
from leads.models import LeadSource, StudyProgram


def record_website_inquiry(
    *,
    full_name: str,
    whatsapp: str,
    email: str = "",
    school: str = "",
    city: str = "",
    program: StudyProgram | None = None,
    track: str,
    message: str = "",
    consent: bool = False,
    website: str = "",  # the form's honeypot; the view has already turned spam away
    utm_campaign: str = "",
) -> Inquiry | None:
    """Store the form's lead (created, or its blanks filled) and its question; None without one.

    A `utm_campaign` is reported to the apps above (content attributes the lead and inquiry).
    """
    inquiry = None
    with transaction.atomic():
        lead = lead_services.capture_website_lead(
            full_name=full_name,
            whatsapp=whatsapp,
            email=email,
            track=track,
            program=program,
            school=school,
            city=city,
            consent=consent,
            consent_wording=str(CONSENT_WORDING),
        )
        if message:
            inquiry = record_manual_inquiry(
                channel=Channel.WEBSITE,
                text=message,
                contact_name=full_name,
                phone=lead.whatsapp or lead.phone,
                email=lead.email,
                lead_source=LeadSource.ONLINE_FORM,
            )
    if utm_campaign:
        touches.report(
            touches.Touch(
                via="form",
                lead_id=lead.pk,
                inquiry_id=inquiry.pk if inquiry else None,
                utm_campaign=utm_campaign,
            )
        )
    return inquiry
