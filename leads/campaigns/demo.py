"""Demo: the seeded newsletter campaign sends the library's approved newsletter template."""

from __future__ import annotations

from core.models import ResponseTemplate, TemplateKind
from leads.models import Campaign


def seed(stdout, now) -> None:
    template = ResponseTemplate.objects.approved().of_kind(TemplateKind.NEWSLETTER).order_by("id").first()
    if template is None:
        return
    linked = Campaign.objects.filter(template__isnull=True, approved_at__isnull=False).update(
        template=template, subject=template.subject, body=template.body
    )
    stdout.write(f"  campaigns: {linked} linked to the approved newsletter template")
