"""Writes on the template library: drafting, revising, submitting, approving, returning, usage.

Only `approve_version` writes the text that replies, beat jobs and call scripts read (the mirror on
ResponseTemplate); every other step works on an unapproved TemplateVersion row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import (
    OPEN_VERSION_STATUSES,
    AuditLog,
    ResponseTemplate,
    TemplateKind,
    TemplateUsage,
    TemplateVersion,
    TemplateVersionChange,
    UsedIn,
    VersionStatus,
)
from core.template_library import texts
from core.texts import StoredText, stored_columns
from core.type_aliases import Actor

# The one table of version moves.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    VersionStatus.DRAFT: frozenset({VersionStatus.SUBMITTED}),
    VersionStatus.RETURNED: frozenset({VersionStatus.SUBMITTED, VersionStatus.DRAFT}),
    # Revising a submitted version takes it out of the queue (back to draft).
    VersionStatus.SUBMITTED: frozenset({VersionStatus.APPROVED, VersionStatus.RETURNED, VersionStatus.DRAFT}),
    VersionStatus.APPROVED: frozenset({VersionStatus.SUPERSEDED}),
    VersionStatus.SUPERSEDED: frozenset(),
}


class TemplateError(ValidationError):
    """A step the library forbids; the message says why, in Indonesian."""


@dataclass(frozen=True)
class VersionText:
    subject: str = ""
    body: str = ""
    whatsapp_template_name: str = ""
    whatsapp_language: str = ""
    whatsapp_parameters: str = ""


def can_draft(user: User) -> bool:
    return user.has_perm("core.change_responsetemplate")


def can_approve(user: User, version: TemplateVersion) -> bool:
    """Kadiv approves every kind; a Supervisor approves FAQ answers, but not a version they wrote."""
    if user.has_perm("core.approve_responsetemplate"):
        return True
    return (
        version.template.kind == TemplateKind.FAQ
        and user.has_perm("core.approve_faq_template")
        and version.created_by_id != user.pk
    )


def _check_text(kind: str, text: VersionText) -> None:
    if kind == TemplateKind.WHATSAPP:
        if not text.whatsapp_template_name.strip():
            raise TemplateError(_("Template WhatsApp memerlukan nama template resmi Meta."))
    elif not text.body.strip():
        raise TemplateError(_("Isi template tidak boleh kosong."))


def _move(
    version: TemplateVersion, *, to: str, by: Actor, note: str | StoredText = "", extra: dict | None = None
) -> TemplateVersion:
    """Move the locked version to `to` if the table allows it and write the history row."""
    locked = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    current = locked.status
    if to not in ALLOWED_TRANSITIONS[current]:
        raise TemplateError(
            _("Versi ini tidak dapat diubah dari %(from)s ke %(to)s.")
            % {"from": VersionStatus(current).label, "to": VersionStatus(to).label}
        )
    locked.status = to
    fields = ["status"]
    for name, value in (extra or {}).items():
        setattr(locked, name, value)
        fields.append(name)
    locked.save(update_fields=fields)
    words, note_code, note_params = stored_columns(note)
    TemplateVersionChange.objects.create(
        version=locked,
        from_status=current,
        to_status=to,
        changed_by=by,
        note=words,
        note_code=note_code,
        note_params=note_params,
    )
    return locked


def create_template(
    *,
    kind: str,
    name: str,
    category: str = "",
    track: str = "",
    language: str = "id",
    text: VersionText,
    change_note: str = "",
    by: User,
    submit: bool = False,
    source: str = "",
) -> TemplateVersion:
    """Create a template with its first version as a draft (submitted at once when `submit`)."""
    if not can_draft(by):
        raise PermissionDenied
    _check_text(kind, text)
    with transaction.atomic():
        template = ResponseTemplate.objects.create(
            kind=kind, name=name.strip(), category=category.strip(), track=track, language=language
        )
        version = TemplateVersion.objects.create(
            template=template,
            number=1,
            created_by=by,
            change_note=change_note.strip(),
            source=source,
            **text.__dict__,
        )
        TemplateVersionChange.objects.create(version=version, to_status=VersionStatus.DRAFT, changed_by=by)
        if submit:
            version = submit_version(version, by=by)
    return version


def revise_template(
    template: ResponseTemplate,
    *,
    text: VersionText,
    change_note: str = "",
    by: User,
    submit: bool = False,
    source: str = "",
) -> TemplateVersion:
    """Edit the open version, or start a new draft version; the approved text stays untouched."""
    if not can_draft(by):
        raise PermissionDenied
    _check_text(template.kind, text)
    with transaction.atomic():
        ResponseTemplate.objects.select_for_update().get(pk=template.pk)
        version = template.versions.filter(status__in=OPEN_VERSION_STATUSES).first()
        if version is None:
            number = (template.versions.aggregate(top=Max("number"))["top"] or 0) + 1
            version = TemplateVersion.objects.create(template=template, number=number, created_by=by)
            TemplateVersionChange.objects.create(
                version=version, to_status=VersionStatus.DRAFT, changed_by=by, note=change_note
            )
        elif version.status != VersionStatus.DRAFT:
            version = _move(version, to=VersionStatus.DRAFT, by=by, note=texts.REVISED.stored())
        for name, value in text.__dict__.items():
            setattr(version, name, value)
        version.change_note = change_note.strip()
        version.source = source or version.source
        version.save(update_fields=[*text.__dict__, "change_note", "source"])
        if submit:
            version = submit_version(version, by=by)
    return version


def propose_faq_answer(
    template: ResponseTemplate | None,
    *,
    name: str = "",
    category: str = "",
    body: str,
    question: str = "",
    by: User,
) -> TemplateVersion:
    """A proposal from the FAQ report: a new FAQ answer or a revision, straight into the approval queue."""
    note = _("Usulan dari laporan FAQ") + (f": {question.strip()[:200]}" if question.strip() else "")
    text = VersionText(body=body.strip())
    if template is None:
        return create_template(
            kind=TemplateKind.FAQ,
            name=name,
            category=category,
            text=text,
            change_note=note,
            by=by,
            submit=True,
            source="faq_report",
        )
    if template.kind != TemplateKind.FAQ:
        raise TemplateError(_("Hanya jawaban FAQ yang dapat diusulkan dari laporan FAQ."))
    return revise_template(template, text=text, change_note=note, by=by, submit=True, source="faq_report")


def submit_version(version: TemplateVersion, *, by: User) -> TemplateVersion:
    """Send the draft to the approval queue (Kadiv, or a Supervisor for FAQ answers)."""
    if not can_draft(by):
        raise PermissionDenied
    with transaction.atomic():
        return _move(version, to=VersionStatus.SUBMITTED, by=by, extra={"submitted_at": timezone.now()})


def approve_version(version: TemplateVersion, *, by: User, note: str = "") -> TemplateVersion:
    """Make the version the one in use; the previous approved version is superseded."""
    if not can_approve(by, version):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        template = ResponseTemplate.objects.select_for_update().get(pk=version.template_id)
        # Lock before the previous approved row changes, so two approvals cannot both win.
        locked = TemplateVersion.objects.select_for_update().get(pk=version.pk)
        if locked.status != VersionStatus.SUBMITTED:
            raise TemplateError(_("Hanya versi yang menunggu persetujuan dapat disetujui."))
        for previous in template.versions.filter(status=VersionStatus.APPROVED):
            _move(
                previous,
                to=VersionStatus.SUPERSEDED,
                by=by,
                note=texts.SUPERSEDED_BY.stored(n=locked.number),
            )
        approved = _move(
            locked,
            to=VersionStatus.APPROVED,
            by=by,
            note=note,
            extra={"approved_by": by, "approved_at": now, "review_note": note},
        )
        template.subject = approved.subject
        template.body = approved.body
        template.whatsapp_template_name = approved.whatsapp_template_name
        template.approved_by, template.approved_at, template.approved_version = by, now, approved
        template.save(
            update_fields=[
                "subject",
                "body",
                "whatsapp_template_name",
                "approved_by",
                "approved_at",
                "approved_version",
                "updated_at",
            ]
        )
        AuditLog.objects.create(
            action="template_approved",
            actor=by,
            object_type="core.responsetemplate",
            object_id=str(template.pk),
            detail={"version": approved.number, "version_id": approved.pk},
        )
    return approved


def return_version(version: TemplateVersion, *, by: User, note: str) -> TemplateVersion:
    """Send the version back to its author with a note; the approved text stays in use."""
    if not can_approve(by, version):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise TemplateError(_("Tuliskan catatan untuk penulis saat mengembalikan versi."))
    with transaction.atomic():
        return _move(version, to=VersionStatus.RETURNED, by=by, note=note, extra={"review_note": note})


def set_template_active(template: ResponseTemplate, *, is_active: bool, by: User) -> ResponseTemplate:
    """Retire a template (no reply, job or script uses it any more) or bring it back."""
    if not by.has_perm("core.approve_responsetemplate"):
        raise PermissionDenied
    with transaction.atomic():
        template.is_active = is_active
        template.save(update_fields=["is_active", "updated_at"])
        AuditLog.objects.create(
            action="template_activated" if is_active else "template_retired",
            actor=by,
            object_type="core.responsetemplate",
            object_id=str(template.pk),
        )
    return template


def record_template_use(
    template: ResponseTemplate,
    *,
    used_in: str,
    object_type: str,
    object_id: int,
    version: TemplateVersion | None = None,
    by: Actor = None,
) -> None:
    """Count one use of the template's version (a reply, an outbound message, a call); once per row."""
    if used_in not in UsedIn.values:
        raise ValueError(used_in)
    TemplateUsage.objects.bulk_create(
        [
            TemplateUsage(
                template=template,
                version_id=version.pk if version is not None else template.approved_version_id,
                used_in=used_in,
                object_type=object_type,
                object_id=object_id,
                used_by=by if by is not None and by.pk else None,
            )
        ],
        ignore_conflicts=True,
    )
