"""FAQ update (SOP 02 stage 4.3): what prospects asked in a period and how it was answered.

Reads only: triage categories, frequent words and phrases (reports.faq_text), the library templates
used in replies (core.TemplateUsage rows of kind "reply"), and the questions answered without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from core.models import ResponseTemplate, TemplateKind, TemplateUsage, UsedIn
from inquiries.models import Inquiry, Message
from reports import faq_text
from reports.periods import Period

# Text mining runs in Python: the newest questions of the period, bounded for a busy month.
MAX_TEXTS = 5000
UNANSWERED_LIMIT = 30
REPLY_OBJECT = "inquiries.message"


@dataclass
class FaqReport:
    period: Period
    questions: int = 0
    categories: list[dict] = field(default_factory=list)
    words: list[tuple[str, int]] = field(default_factory=list)
    phrases: list[tuple[str, int]] = field(default_factory=list)
    templates_used: list[dict] = field(default_factory=list)
    without_template_count: int = 0
    without_template: list[Inquiry] = field(default_factory=list)


def _template_of_reply():
    return TemplateUsage.objects.filter(
        used_in=UsedIn.REPLY, object_type=REPLY_OBJECT, object_id=OuterRef("pk")
    ).values("template_id")[:1]


def _staff_replies():
    return Message.objects.filter(direction="outbound", sent_by__isnull=False)


def faq_report(period: Period) -> FaqReport:
    """The FAQ figures of inquiries received in the period (office-zone days)."""
    inquiries = Inquiry.objects.filter(received_at__gte=period.start, received_at__lt=period.end)
    report = FaqReport(period=period, questions=inquiries.count())
    report.categories = list(
        inquiries.annotate(name=Coalesce("category__name", "suggested_category__name"))
        .values("name")
        .annotate(count=Count("id"))
        .order_by("-count", "name")[:15]
    )
    texts = (
        Message.objects.filter(direction="inbound", inquiry__in=inquiries)
        .exclude(text="")
        .order_by("-sent_at")
        .values_list("text", flat=True)[:MAX_TEXTS]
    )
    report.words, report.phrases = faq_text.top_terms(texts)
    report.templates_used = list(
        _staff_replies()
        .filter(inquiry__in=inquiries)
        .annotate(template_id=Subquery(_template_of_reply()))
        .filter(template_id__isnull=False)
        .annotate(
            category=Coalesce("inquiry__category__name", "inquiry__suggested_category__name"),
            template_name=Subquery(
                ResponseTemplate.objects.filter(pk=OuterRef("template_id")).values("name")[:1]
            ),
        )
        .values("template_id", "template_name", "category")
        .annotate(replies=Count("id"))
        .order_by("category", "-replies", "template_name")
    )
    with_template = (
        _staff_replies()
        .filter(inquiry=OuterRef("pk"))
        .filter(Exists(TemplateUsage.objects.filter(object_type=REPLY_OBJECT, object_id=OuterRef("pk"))))
    )
    without = (
        inquiries.filter(Exists(_staff_replies().filter(inquiry=OuterRef("pk"))))
        .exclude(Exists(with_template))
        .annotate(
            question=Subquery(
                Message.objects.filter(inquiry=OuterRef("pk"), direction="inbound")
                .order_by("sent_at", "id")
                .values("text")[:1]
            ),
            category_name=Coalesce(F("category__name"), F("suggested_category__name")),
        )
        .order_by("-received_at", "-id")
    )
    report.without_template_count = without.count()
    report.without_template = list(without[:UNANSWERED_LIMIT])
    return report


def faq_templates():
    """FAQ answers a proposal may revise."""
    return ResponseTemplate.objects.filter(kind=TemplateKind.FAQ).order_by("name")
