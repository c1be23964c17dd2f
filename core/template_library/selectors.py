"""Reads on the template library: the list with usage counts, the approval queue, one template."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from core.models import (
    OPEN_VERSION_STATUSES,
    ResponseTemplate,
    TemplateKind,
    TemplateVersion,
    TemplateVersionChange,
    UsedIn,
    VersionStatus,
)


def _usage_counts(prefix: str = "") -> dict:
    return {
        f"{used_in}_count": Count(f"{prefix}usages", filter=Q(**{f"{prefix}usages__used_in": used_in}))
        for used_in in UsedIn.values
    }


def library_templates(*, kind: str = "", status: str = "", q: str = "") -> QuerySet[ResponseTemplate]:
    """Templates with their approved version, the open version's status and usage counts (one query)."""
    open_versions = TemplateVersion.objects.filter(
        template=OuterRef("pk"), status__in=OPEN_VERSION_STATUSES
    ).order_by("-number")
    templates = (
        ResponseTemplate.objects.select_related("approved_version")
        .annotate(
            open_status=Subquery(open_versions.values("status")[:1]),
            open_number=Subquery(open_versions.values("number")[:1]),
            **_usage_counts(),
        )
        .order_by("kind", "name", "id")
    )
    if kind:
        templates = templates.filter(kind=kind)
    if q:
        templates = templates.filter(Q(name__icontains=q) | Q(category__icontains=q) | Q(body__icontains=q))
    if status == "approved":
        templates = templates.filter(approved_version__isnull=False, is_active=True)
    elif status == "unapproved":
        templates = templates.filter(approved_at__isnull=True)
    elif status in OPEN_VERSION_STATUSES:
        templates = templates.filter(open_status=status)
    elif status == "inactive":
        templates = templates.filter(is_active=False)
    return templates


def approval_queue(user: User) -> QuerySet[TemplateVersion]:
    """Submitted versions this user may decide: all for Kadiv, FAQ answers by others for a Supervisor."""
    versions = (
        TemplateVersion.objects.awaiting_approval()
        .select_related("template", "template__approved_version", "created_by")
        .order_by("submitted_at", "id")
    )
    if user.has_perm("core.approve_responsetemplate"):
        return versions
    if user.has_perm("core.approve_faq_template"):
        return versions.filter(template__kind=TemplateKind.FAQ).exclude(created_by=user)
    return versions.none()


def get_template_for(user: User, pk: int) -> ResponseTemplate:
    """The template if the user may see the library; 404 otherwise (ids are not revealed)."""
    if not user.has_perm("core.view_responsetemplate"):
        raise Http404
    try:
        return ResponseTemplate.objects.select_related("approved_version", "approved_by").get(pk=pk)
    except ResponseTemplate.DoesNotExist as exc:
        raise Http404 from exc


def get_version_for(user: User, pk: int) -> TemplateVersion:
    if not user.has_perm("core.view_responsetemplate"):
        raise Http404
    try:
        return TemplateVersion.objects.select_related("template", "created_by").get(pk=pk)
    except TemplateVersion.DoesNotExist as exc:
        raise Http404 from exc


def versions_of(template: ResponseTemplate) -> QuerySet[TemplateVersion]:
    """Every version, newest first, with its usage counts and people (one query)."""
    return (
        template.versions.select_related("created_by", "approved_by")
        .annotate(**_usage_counts())
        .order_by("-number")
    )


def history_of(template: ResponseTemplate) -> QuerySet[TemplateVersionChange]:
    return (
        TemplateVersionChange.objects.filter(version__template=template)
        .select_related("version", "changed_by")
        .order_by("-changed_at", "-id")
    )


def open_version(template: ResponseTemplate) -> TemplateVersion | None:
    return template.versions.filter(status__in=OPEN_VERSION_STATUSES).select_related("created_by").first()


def approved_versions_by_template(kinds: list[str]) -> dict[int, TemplateVersion]:
    """The version in use per template of the given kinds (for pickers and reports)."""
    return {
        version.template_id: version
        for version in TemplateVersion.objects.filter(
            status=VersionStatus.APPROVED, template__kind__in=kinds, template__is_active=True
        ).select_related("template")
    }


def ever_approved_version(pk: int | str | None) -> TemplateVersion | None:
    """A version id sent back by a form (reply picker, call script) if it was ever approved."""
    if pk is None or not str(pk).isdigit():
        return None
    try:
        return TemplateVersion.objects.ever_approved().select_related("template").get(pk=int(pk))
    except TemplateVersion.DoesNotExist:
        return None
