"""The lead list's filters (SOP 03 stage 1.3 segmentation). One FilterSet serves the /leads/ page,
saved segments (newsletters target them) and the API list, so a segment means the same everywhere."""

from __future__ import annotations

import datetime as dt
import re

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import SaneDateField
from core.people import name_people_in
from leads.models import (
    Institution,
    InstitutionKind,
    Lead,
    LeadSource,
    LeadStatus,
    LeadStatusChange,
    StudyProgram,
    Temperature,
    Track,
    VerificationState,
)

_PHONE_CHARS = re.compile(r"^[+\d\s().-]+$")


def phone_prefix(text: str) -> str | None:
    """'0812 34' -> '+6281234', '62812' -> '+62812'; None when the text is not a phone fragment."""
    if not _PHONE_CHARS.match(text):
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 3:
        return None
    if text.strip().startswith("+"):
        return "+" + digits
    if digits.startswith("0"):
        return "+62" + digits[1:]
    if digits.startswith("62"):
        return "+" + digits
    return "+62" + digits


# A search matching more schools than this keeps the school branch as a subquery instead of a list of ids.
MAX_SCHOOL_IDS = 500


def matching_school_ids(text: str) -> list[int] | None:
    """Ids of the institutions whose name contains `text` (trigram index on PostgreSQL), or None when
    there are more than MAX_SCHOOL_IDS of them."""
    ids = list(
        Institution.objects.filter(name__icontains=text)
        .order_by()
        .values_list("id", flat=True)[: MAX_SCHOOL_IDS + 1]
    )
    return None if len(ids) > MAX_SCHOOL_IDS else ids


def search_leads(queryset: QuerySet[Lead], text: str) -> QuerySet[Lead]:
    """Search name, phone, WhatsApp, email and school; each branch is served by an index (see the
    migrations: prefix indexes on phone/whatsapp/email, trigram indexes on UPPER(full_name) and
    UPPER(institution.name) on PostgreSQL, which is the expression `icontains` compiles to there).

    The schools are looked up first (one small query) and the leads filtered by the literal ids: an
    `institution_id IN (SELECT ...)` inside the OR becomes a hashed subplan on PostgreSQL, which forbids
    a BitmapOr of the three indexes and turns every name search into a scan of the whole table."""
    text = (text or "").strip()
    if not text:
        return queryset
    prefix = phone_prefix(text)
    if prefix is not None:
        return queryset.filter(Q(phone__startswith=prefix) | Q(whatsapp__startswith=prefix))
    if "@" in text:
        return queryset.filter(email__startswith=text.lower())
    condition = Q(full_name__icontains=text) | Q(email__startswith=text.lower())
    school_ids = matching_school_ids(text)
    if school_ids is None:
        condition |= Q(institution_id__in=Institution.objects.filter(name__icontains=text).values("id"))
    elif school_ids:
        condition |= Q(institution_id__in=school_ids)
    return queryset.filter(condition)


# The funnel (reports' dashboard, SOP 03): a lead has reached a stage when it is at that stage or a later
# one, or a history row shows it was ever moved there or beyond (a lead that registered and later became
# not_interested still counts as registered).
FUNNEL = [
    LeadStatus.NEW,
    LeadStatus.INQUIRED,
    LeadStatus.CONTACTED,
    LeadStatus.INTERESTED,
    LeadStatus.REGISTERED,
    LeadStatus.ENROLLED,
]
# The value of the first-contact filter for leads that never wrote an inquiry.
NO_INQUIRY = "none"


def stages_from(stage: str) -> list[str]:
    """`stage` and every later stage of the funnel."""
    return FUNNEL[FUNNEL.index(stage) :]


def reached_stage(stage: str) -> Q:
    later = stages_from(stage)
    return Q(status__in=later) | Q(
        Exists(LeadStatusChange.objects.filter(lead=OuterRef("pk"), to_status__in=later))
    )


def first_channel() -> Subquery:
    """Channel of the lead's earliest inquiry (NULL when it never wrote one).

    Goes through the lead's own reverse relation so that `leads` needs no import of `inquiries`.
    """
    return Subquery(
        Lead.objects.filter(pk=OuterRef("pk"), inquiries__isnull=False)
        .order_by("inquiries__received_at", "inquiries__id")
        .values("inquiries__channel")[:1]
    )


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# Ticked boxes in a dropdown, not a list box that needs Ctrl-click (issue 14 item 2).
_CHECKBOXES = forms.CheckboxSelectMultiple


class SaneDateFilter(django_filters.DateFilter):
    """A date filter limited to 1990..today+2 years (a clear message instead of a 500 on 9999)."""

    field_class = SaneDateField


class LeadFilter(django_filters.FilterSet):
    # distinct=False: these are plain columns of the lead, and MultipleChoiceFilter's default DISTINCT
    # over every selected column made the filtered list's COUNT and page sort the whole match set.
    q = django_filters.CharFilter(label=_("Cari"), method="filter_q", max_length=200)
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=LeadStatus.choices, distinct=False, widget=_CHECKBOXES
    )
    temperature = django_filters.MultipleChoiceFilter(
        label=_("Suhu"), choices=Temperature.choices, distinct=False, widget=_CHECKBOXES
    )
    track = django_filters.MultipleChoiceFilter(
        label=_("Jalur"), choices=Track.choices, distinct=False, widget=_CHECKBOXES
    )
    source = django_filters.MultipleChoiceFilter(
        label=_("Sumber"), choices=LeadSource.choices, distinct=False, widget=_CHECKBOXES
    )
    source_detail = django_filters.CharFilter(
        label=_("Detail sumber (acara/kampanye)"), lookup_expr="icontains", max_length=200
    )
    event = django_filters.CharFilter(label=_("Acara/kampanye (persis)"), field_name="source_detail")
    program = django_filters.ModelChoiceFilter(
        label=_("Program studi"), queryset=StudyProgram.objects.all(), null_label=_("(belum memilih)")
    )
    # An id, not a select: hundreds of schools would make every list page heavy; search finds schools by name.
    institution = django_filters.NumberFilter(
        label=_("ID asal sekolah/industri"), field_name="institution_id", min_value=1, max_value=2**53
    )
    institution_kind = django_filters.ChoiceFilter(
        label=_("Jenis asal"), field_name="institution__kind", choices=InstitutionKind.choices
    )
    city = django_filters.CharFilter(label=_("Kota"), method="filter_city", max_length=80)
    owner = django_filters.ModelChoiceFilter(
        label=_("Pemilik"),
        queryset=get_user_model()
        .objects.filter(is_active=True)
        .order_by("first_name", "last_name", "username"),
    )
    unassigned = django_filters.BooleanFilter(
        label=_("Belum ada pemilik"), field_name="owner", lookup_expr="isnull"
    )
    created_after = SaneDateFilter(label=_("Dibuat sejak"), method="filter_created_after")
    created_before = SaneDateFilter(label=_("Dibuat sampai"), method="filter_created_before")
    obtained_after = SaneDateFilter(label=_("Diperoleh sejak"), method="filter_obtained_after")
    obtained_before = SaneDateFilter(label=_("Diperoleh sampai"), method="filter_obtained_before")
    first_channel = django_filters.CharFilter(label=_("Kanal kontak pertama"), method="filter_first_channel")
    reached = django_filters.ChoiceFilter(
        label=_("Pernah mencapai tahap"),
        choices=[(s.value, s.label) for s in FUNNEL],
        method="filter_reached",
    )
    moved_to = django_filters.ChoiceFilter(
        label=_("Pindah ke status"), choices=LeadStatus.choices, method="filter_moved"
    )
    moved_after = SaneDateFilter(label=_("Pindah status sejak"), method="filter_moved")
    moved_before = SaneDateFilter(label=_("Pindah status sampai"), method="filter_moved")
    to_verify = django_filters.BooleanFilter(label=_("Perlu verifikasi"), method="filter_to_verify")
    phone_state = django_filters.ChoiceFilter(
        label=_("Verifikasi telepon"), choices=VerificationState.choices
    )
    email_state = django_filters.ChoiceFilter(label=_("Verifikasi email"), choices=VerificationState.choices)
    name_state = django_filters.ChoiceFilter(label=_("Verifikasi nama"), choices=VerificationState.choices)
    is_late_entry = django_filters.BooleanFilter(label=_("Input terlambat (> 1x24 jam)"))
    # Erased (UU PDP) leads are hidden unless asked for: reports count them (they were leads), so a
    # report's figure links here with erased=include. Their personal data is gone; only counts remain.
    erased = django_filters.ChoiceFilter(
        label=_("Data terhapus (UU PDP)"),
        choices=[("include", _("ikut ditampilkan")), ("only", _("hanya yang terhapus"))],
        method="filter_erased",
    )
    has_marketing_consent = django_filters.BooleanFilter(label=_("Setuju pemasaran"))
    o = django_filters.OrderingFilter(
        label=_("Urutkan"),
        fields=(
            ("created_at", "created_at"),
            ("full_name", "full_name"),
            ("obtained_at", "obtained_at"),
            ("status", "status"),
        ),
        field_labels={
            "created_at": _("Tanggal dibuat"),
            "full_name": _("Nama"),
            "obtained_at": _("Tanggal diperoleh"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Lead
        fields: list[str] = []

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for name, field in form.fields.items():
                widget = field.widget
                if name == "owner":
                    name_people_in(field)
                if isinstance(widget, forms.CheckboxSelectMultiple):
                    widget.attrs.setdefault("class", "form-check-input")
                    continue
                css = (
                    "form-select form-select-sm"
                    if widget.__class__.__name__.endswith("Select") or "Select" in widget.__class__.__name__
                    else "form-control form-control-sm"
                )
                widget.attrs.setdefault("class", css)
            form._styled = True
        return form

    def filter_q(self, queryset, name, value):
        return search_leads(queryset, value)

    def filter_city(self, queryset, name, value):
        return queryset.filter(
            institution_id__in=Institution.objects.filter(city__iexact=value.strip()).values("id")
        )

    def filter_created_after(self, queryset, name, value):
        return queryset.filter(created_at__gte=_start_of_day(value))

    def filter_created_before(self, queryset, name, value):
        return queryset.filter(created_at__lt=_start_of_day(value + dt.timedelta(days=1)))

    def filter_obtained_after(self, queryset, name, value):
        return queryset.filter(obtained_at__gte=_start_of_day(value))

    def filter_obtained_before(self, queryset, name, value):
        return queryset.filter(obtained_at__lt=_start_of_day(value + dt.timedelta(days=1)))

    def filter_first_channel(self, queryset, name, value):
        value = value.strip()
        if value == NO_INQUIRY:
            return queryset.filter(inquiries__isnull=True)
        return queryset.annotate(first_channel=first_channel()).filter(first_channel=value)

    def filter_reached(self, queryset, name, value):
        return queryset.filter(reached_stage(value))

    def filter_moved(self, queryset, name, value):
        """A status change to `moved_to` inside [moved_after, moved_before] (one history row, all three
        conditions on it): the dashboard's "registered in the period" activity."""
        if name != "moved_to":
            return queryset  # the dates only qualify moved_to
        data = self.form.cleaned_data
        changes = LeadStatusChange.objects.filter(lead=OuterRef("pk"), to_status=value)
        if data.get("moved_after"):
            changes = changes.filter(changed_at__gte=_start_of_day(data["moved_after"]))
        if data.get("moved_before"):
            changes = changes.filter(
                changed_at__lt=_start_of_day(data["moved_before"] + dt.timedelta(days=1))
            )
        return queryset.filter(Exists(changes))

    def filter_erased(self, queryset, name, value):
        # "include" needs no condition: `leads.selectors.filtered_leads` widened the base queryset.
        return queryset.filter(is_erased=True) if value == "only" else queryset

    def filter_to_verify(self, queryset, name, value):
        return queryset.filter(verified_at__isnull=bool(value))
