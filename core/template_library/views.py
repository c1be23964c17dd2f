"""Pages of the template library (/templates/): list, approval queue, a template, drafting, review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.models import VersionStatus
from core.people import display_name
from core.template_library import forms, selectors, services
from core.template_library.preview import preview
from core.type_aliases import AuthenticatedRequest


def _agent(request: AuthenticatedRequest) -> str:
    return display_name(request.user)


@login_required
@permission_required("core.view_responsetemplate", raise_exception=True)
@require_GET
def library(request: AuthenticatedRequest) -> HttpResponse:
    filters = forms.LibraryFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    templates = selectors.library_templates(
        kind=data.get("kind", ""), status=data.get("status", ""), q=data.get("q", "")
    )
    context = {
        "templates": templates,
        "filter_form": filters,
        "queue_count": selectors.approval_queue(request.user).count(),
        "can_draft": services.can_draft(request.user),
    }
    return render(request, "core/template_list.html", context)


@login_required
@permission_required("core.view_responsetemplate", raise_exception=True)
@require_GET
def queue(request: AuthenticatedRequest) -> HttpResponse:
    """The approval queue: submitted versions beside the text now in use."""
    agent = _agent(request)
    versions = []
    for version in selectors.approval_queue(request.user):
        current = version.template.approved_version
        current_preview = preview(current.body, agent=agent) if current else ""
        versions.append((version, preview(version.body, agent=agent), current, current_preview))
    return render(
        request, "core/template_queue.html", {"versions": versions, "review_form": forms.ReviewForm()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: AuthenticatedRequest) -> HttpResponse:
    if not services.can_draft(request.user):
        raise PermissionDenied
    form = forms.NewTemplateForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.create_template(
                kind=data["kind"],
                name=data["name"],
                category=data["category"],
                track=data["track"],
                language=data["language"],
                text=form.version_text(),
                change_note=data["change_note"],
                by=request.user,
                submit=data["submit_for_approval"],
            )
        except services.TemplateError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _saved_message(version))
            return redirect("templates:detail", pk=version.template_id)
    return render(request, "core/template_form.html", {"form": form, "template": None})


def _saved_message(version) -> str:
    if version.status == VersionStatus.SUBMITTED:
        return _("Versi %(n)s disimpan dan menunggu persetujuan.") % {"n": version.number}
    return _("Versi %(n)s disimpan sebagai draf; belum dipakai sampai disetujui.") % {"n": version.number}


@login_required
@require_GET
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    template = selectors.get_template_for(request.user, pk)
    agent = _agent(request)
    versions = list(selectors.versions_of(template))
    open_version = next((v for v in versions if v.is_open), None)
    approved = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    context = {
        "template": template,
        "versions": versions,
        "approved": approved,
        "approved_preview": preview(approved.body, agent=agent) if approved else "",
        "open_version": open_version,
        "open_preview": preview(open_version.body, agent=agent) if open_version else "",
        "history": selectors.history_of(template)[:50],
        "can_draft": services.can_draft(request.user),
        "can_approve": open_version is not None and services.can_approve(request.user, open_version),
        "can_retire": request.user.has_perm("core.approve_responsetemplate"),
        "review_form": forms.ReviewForm(),
        "totals": {
            used_in: sum(getattr(v, f"{used_in}_count") for v in versions)
            for used_in in ("reply", "send", "call")
        },
    }
    return render(request, "core/template_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def revise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    template = selectors.get_template_for(request.user, pk)
    if not services.can_draft(request.user):
        raise PermissionDenied
    base = selectors.open_version(template) or template.approved_version
    initial = (
        {
            name: getattr(base, name)
            for name in (
                "subject",
                "body",
                "whatsapp_template_name",
                "whatsapp_language",
                "whatsapp_parameters",
            )
        }
        if base
        else {}
    )
    form = forms.RevisionForm(request.POST or None, initial=initial, kind=template.kind)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.revise_template(
                template,
                text=form.version_text(),
                change_note=form.cleaned_data["change_note"],
                by=request.user,
                submit=form.cleaned_data["submit_for_approval"],
            )
        except services.TemplateError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _saved_message(version))
            return redirect("templates:detail", pk=template.pk)
    return render(request, "core/template_form.html", {"form": form, "template": template, "base": base})


def _decide(request: AuthenticatedRequest, version_id: int, action) -> HttpResponse:
    version = selectors.get_version_for(request.user, version_id)
    form = forms.ReviewForm(request.POST)
    form.is_valid()
    try:
        message = action(version, form.cleaned_data.get("note", ""))
    except services.TemplateError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message)
    if request.POST.get("next") == "queue":
        return redirect("templates:queue")
    return redirect("templates:detail", pk=version.template_id)


@login_required
@require_POST
def submit(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    def action(version, note):
        services.submit_version(version, by=request.user)
        return _("Versi %(n)s diajukan untuk persetujuan.") % {"n": version.number}

    return _decide(request, version_id, action)


@login_required
@require_POST
def approve(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    def action(version, note):
        services.approve_version(version, by=request.user, note=note)
        return _("Versi %(n)s disetujui dan mulai dipakai.") % {"n": version.number}

    return _decide(request, version_id, action)


@login_required
@require_POST
def send_back(request: AuthenticatedRequest, version_id: int) -> HttpResponse:
    def action(version, note):
        services.return_version(version, by=request.user, note=note)
        return _("Versi %(n)s dikembalikan ke penulis dengan catatan.") % {"n": version.number}

    return _decide(request, version_id, action)


@login_required
@require_POST
def set_active(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    template = selectors.get_template_for(request.user, pk)
    is_active = request.POST.get("is_active") == "1"
    services.set_template_active(template, is_active=is_active, by=request.user)
    messages.success(
        request, _("Template diaktifkan.") if is_active else _("Template dinonaktifkan; tidak dipakai lagi.")
    )
    return redirect("templates:detail", pk=template.pk)
