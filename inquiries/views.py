"""Inbox pages: the list, the conversation and its actions, the unit's escalation queue."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.calendar import due_soon_until
from core.ids import parse_id
from core.paging import CappedCountPaginator
from core.people import display_name
from inquiries import forms, selectors
from inquiries.models import Category, EscalationStatus, Message, Unit
from inquiries.services import escalations as escalation_services
from inquiries.services import exports, lead_escalations, sending, team, workflow
from inquiries.services.channels import reply_window
from inquiries.services.survey import survey_link, survey_summary

PAGE_SIZE = 50


def _run(request: HttpRequest, action: Callable[[], object], success: str | Callable[[object], str]) -> bool:
    """Call one service; show its Indonesian error instead of a 500 when the workflow refuses.

    The success text may depend on the result (a reply queued is not a reply delivered)."""
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    if callable(success):
        level, text = success(result)
        messages.add_message(request, MESSAGE_LEVELS[level], text)
    else:
        messages.success(request, success)
    return True


MESSAGE_LEVELS = {
    "success": messages.SUCCESS,
    "info": messages.INFO,
    "warning": messages.WARNING,
    "error": messages.ERROR,
}
DRAFT_FIELDS = ("body", "question", "note", "answer", "internal_note", "template_version")


def _keep_draft(request: HttpRequest, key: str) -> None:
    """What the person typed survives a refused action: the next page load puts it back."""
    drafts = request.session.get("drafts", {})
    drafts[key] = {name: request.POST[name] for name in DRAFT_FIELDS if request.POST.get(name)}
    drafts[key]["form"] = request.POST.get("draft_form", "")
    request.session["drafts"] = drafts


def _pop_draft(request: HttpRequest, key: str) -> dict[str, str]:
    drafts = request.session.get("drafts", {})
    draft = drafts.pop(key, {})
    if draft:
        request.session["drafts"] = drafts
    return draft


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


@login_required
@permission_required("inquiries.view_inquiry", raise_exception=True)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The inbox: filters, SLA clocks sorted by time left, refreshed by htmx polling."""
    filter_form = forms.InboxFilterForm(request.GET or None)
    now = timezone.now()
    soon = due_soon_until(now)  # the settings row, once per page or poll
    matches = selectors.inbox_filtered(request.user, filter_form.filters(), now=now, due_soon_until=soon)
    page = CappedCountPaginator(matches, PAGE_SIZE, cap=selectors.LIST_COUNT_CAP).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.inbox_page_rows(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "now": now,
        "due_soon_until": soon,
        "filter_form": filter_form,
        "query": params.urlencode(),
        # The poll refreshes the counters too (an out-of-band swap in the rows partial).
        "counts": selectors.inbox_counts(request.user, now=now),
    }
    if request.htmx:
        return render(request, "inquiries/_inquiry_rows.html", context)
    workflow.record_inbox_activity(request.user)
    context.update(
        last_activity=selectors.last_inbox_activity(),
        is_away=team.is_away(request.user),
    )
    return render(request, "inquiries/inquiry_list.html", context)


@login_required
@permission_required("inquiries.export_inquiries", raise_exception=True)
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The filtered tickets as CSV or XLSX (formula cells neutralised, the download logged)."""
    file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    filter_form = forms.InboxFilterForm(request.GET or None)
    data, _count = exports.export_tickets(
        user=request.user, filters=filter_form.filters(), file_format=file_format
    )
    content_type = (
        "text/csv; charset=utf-8"
        if file_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(data, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="tiket-{stamp}.{file_format}"'
    return response


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = selectors.get_inquiry_for(request.user, pk)
    others, interactions = selectors.lead_history(inquiry)
    templates = [(t, workflow.render_template_for(t, inquiry)) for t in selectors.reply_templates()]
    window = reply_window(inquiry)
    context = {
        "inquiry": inquiry,
        "window": window,
        "whatsapp_templates": sending.template_options(inquiry) if window.applies else [],
        "draft": _pop_draft(request, f"inquiry:{inquiry.pk}"),
        "survey": survey_summary(inquiry) if inquiry.survey_sent_at else None,
        "working": team.others_working(inquiry, user=request.user),
        "survey_link": survey_link(inquiry) if inquiry.survey_sent_at else "",
        "now": timezone.now(),
        "conversation": selectors.conversation(inquiry),
        "escalations": selectors.escalations_of(inquiry),
        "other_inquiries": others,
        "interactions": interactions,
        "reply_templates": templates,
        **forms.conversation_forms(
            categories=list(Category.objects.filter(is_active=True)),
            units=list(Unit.objects.all()),
            staff=list(forms.staff_for_assignment()),
            level=inquiry.level or inquiry.suggested_level,
            category_id=inquiry.category_id or inquiry.suggested_category_id,
            unit_id=inquiry.category.default_unit_id if inquiry.category else None,
            assignee_id=inquiry.assignee_id,
        ),
        "can_approve": request.user.has_perm("inquiries.approve_crisis_reply"),
        "can_change": request.user.has_perm("inquiries.change_inquiry"),
    }
    return render(request, "inquiries/inquiry_detail.html", context)


@login_required
@require_GET
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    """The message bubbles alone, for the htmx poll: delivery states change after the page loaded."""
    inquiry = selectors.get_inquiry_for(request.user, pk)
    context = {
        "conversation": selectors.conversation(inquiry),
        "window": reply_window(inquiry),
        "working": team.others_working(inquiry, user=request.user),
        "can_approve": request.user.has_perm("inquiries.approve_crisis_reply"),
        "can_change": request.user.has_perm("inquiries.change_inquiry"),
    }
    return render(request, "inquiries/_conversation.html", context)


def _post_inquiry_action(
    request: HttpRequest, pk: int, form_class, call: Callable, success: str
) -> HttpResponse:
    inquiry = selectors.get_inquiry_for(request.user, pk)
    if not request.user.has_perm("inquiries.change_inquiry"):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        done = _run(request, lambda: call(inquiry, form.cleaned_data), success)
    else:
        _form_errors(request, form)
        done = False
    if not done:
        _keep_draft(request, f"inquiry:{inquiry.pk}")
    return redirect("inquiries:detail", pk=inquiry.pk)


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_inquiry_action(
        request,
        pk,
        forms.ReplyForm,
        lambda i, d: workflow.reply_to_inquiry(
            i, body=d["body"], by=request.user, template_version=d.get("template_version")
        ),
        sending.describe_send,
    )


@login_required
@require_POST
def reply_template(request: HttpRequest, pk: int) -> HttpResponse:
    """Outside the WhatsApp window: send the approved template the agent picked (its text shown)."""
    return _post_inquiry_action(
        request,
        pk,
        forms.TemplateReplyForm,
        lambda i, d: sending.send_template_reply(i, template=d["template"], by=request.user),
        sending.describe_send,
    )


@login_required
@require_POST
def call_task(request: HttpRequest, pk: int) -> HttpResponse:
    """No message can reach the contact now: a call task for the lead's telemarketer instead."""

    def created(follow_up) -> tuple[str, str]:
        owner = display_name(follow_up.owner) or _("belum ada")
        return "success", _("Tugas telepon dibuat untuk %(lead)s (petugas: %(owner)s).") % {
            "lead": follow_up.lead.full_name,
            "owner": owner,
        }

    return _post_inquiry_action(
        request, pk, forms.EmptyForm, lambda i, d: sending.create_call_task(i, by=request.user), created
    )


@login_required
@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    """An internal note for the team on the conversation (never sent)."""
    return _post_inquiry_action(
        request,
        pk,
        forms.NoteForm,
        lambda i, d: team.add_internal_note(i, text=d["internal_note"], by=request.user),
        _("Catatan internal disimpan (tidak dikirim ke penanya)."),
    )


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """A stored media file, only for those who may read its conversation (or its escalation)."""
    from django.http import FileResponse, Http404

    from inquiries.models import MessageAttachment

    item = get_object_or_404(MessageAttachment.objects.select_related("message"), pk=pk)
    if request.user.has_perm("inquiries.view_inquiry"):
        selectors.get_inquiry_for(request.user, item.message.inquiry_id)
    elif not item.message.inquiry.escalations.filter(unit__in=request.user.units.all()).exists():
        raise PermissionDenied
    if not item.file:
        raise Http404
    inline = item.is_image or item.is_audio or item.mime_type.startswith("video/")
    return FileResponse(
        item.file.open("rb"), as_attachment=not inline, filename=item.filename, content_type=item.mime_type
    )


@login_required
@permission_required("inquiries.change_inquiry", raise_exception=True)
@require_POST
def typing(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply box reports typing, so other agents see someone is answering."""
    inquiry = selectors.get_inquiry_for(request.user, pk)
    team.mark_typing(inquiry, by=request.user)
    return HttpResponse(status=204)


@login_required
@permission_required("inquiries.change_inquiry", raise_exception=True)
@require_POST
def away(request: HttpRequest) -> HttpResponse:
    """The agent's away switch: no new conversations are assigned while away."""
    is_away = request.POST.get("is_away") == "1"
    team.set_away(request.user, is_away=is_away)
    messages.success(
        request,
        _("Anda ditandai tidak bertugas: percakapan baru tidak ditugaskan ke Anda.")
        if is_away
        else _("Anda kembali bertugas: percakapan baru dapat ditugaskan ke Anda."),
    )
    return redirect("inquiries:inbox")


@login_required
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_inquiry_action(
        request,
        pk,
        forms.TriageForm,
        lambda i, d: workflow.triage_inquiry(i, level=d["level"], category=d["category"], by=request.user),
        _("Triase disimpan."),
    )


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_inquiry_action(
        request,
        pk,
        forms.AssignForm,
        lambda i, d: workflow.assign_inquiry(i, to=d["assignee"], by=request.user),
        _("Penugasan disimpan."),
    )


@login_required
@require_POST
def escalate(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("inquiries.add_escalation"):
        raise PermissionDenied
    return _post_inquiry_action(
        request,
        pk,
        forms.EscalateForm,
        lambda i, d: escalation_services.escalate_inquiry(
            i, unit=d["unit"], question=d["question"], due_at=d["due_at"], by=request.user
        ),
        _("Pertanyaan dieskalasi ke unit."),
    )


def _closed_text(inquiry) -> tuple[str, str]:
    level, survey = survey_summary(inquiry)
    text = _("Pertanyaan ditutup.") + (" " + survey if survey else "")
    return ("warning" if level == "error" else level if level != "info" else "success"), text


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_inquiry_action(
        request,
        pk,
        forms.CloseForm,
        lambda i, d: workflow.close_inquiry(i, note=d["note"], category=d["category"], by=request.user),
        _closed_text,
    )


def _message_for(request: HttpRequest, pk: int) -> Message:
    message = get_object_or_404(Message.objects.select_related("inquiry__lead", "outbound"), pk=pk)
    selectors.get_inquiry_for(request.user, message.inquiry_id)
    return message


@login_required
@permission_required("inquiries.approve_crisis_reply", raise_exception=True)
@require_POST
def approve_message(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_for(request, pk)
    _run(
        request,
        lambda: workflow.approve_crisis_reply(message, by=request.user),
        sending.describe_send,
    )
    return redirect("inquiries:detail", pk=message.inquiry_id)


@login_required
@permission_required("inquiries.change_inquiry", raise_exception=True)
@require_POST
def retry_message(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_for(request, pk)
    _run(
        request,
        lambda: workflow.retry_reply(message, by=request.user),
        lambda _result: sending.describe_send(message),
    )
    return redirect("inquiries:detail", pk=message.inquiry_id)


@login_required
@permission_required("inquiries.add_inquiry", raise_exception=True)
def manual_entry(request: HttpRequest) -> HttpResponse:
    """Inquiries from LinkedIn, phone, walk-in, comments or email typed in by staff."""
    form = forms.ManualInquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = workflow.record_manual_inquiry(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pertanyaan dicatat."))
            return redirect("inquiries:detail", pk=inquiry.pk)
    return render(request, "inquiries/inquiry_form.html", {"form": form})


@login_required
@permission_required("inquiries.add_escalation", raise_exception=True)
@require_POST
def escalate_lead(request: HttpRequest, lead_id: int) -> HttpResponse:
    """A telemarketer escalates a question from the lead page or the call card (SOP 03 stage 3.3)."""
    from leads.models import Lead

    if not request.user.has_perm("leads.view_lead"):
        raise PermissionDenied
    lead = get_object_or_404(Lead, pk=lead_id)
    form = forms.EscalateForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: lead_escalations.escalate_from_lead(
                lead, unit=form.cleaned_data["unit"], question=form.cleaned_data["question"], by=request.user
            ),
            lambda escalation: (
                "success",
                _(
                    "Pertanyaan #%(id)s dieskalasi ke %(unit)s; jawabannya akan muncul di linimasa dan antrean telepon Anda."
                )
                % {"id": escalation.inquiry_id, "unit": escalation.unit.name},
            ),
        )
    else:
        _form_errors(request, form)
    return redirect(f"/leads/{lead.pk}/")


# --- Unit escalation queue -----------------------------------------------------------------------


@login_required
@permission_required("inquiries.answer_escalation", raise_exception=True)
@require_GET
def unit_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inquiries/escalation_list.html",
        {
            "escalations": selectors.unit_queue(request.user),
            "now": timezone.now(),
            "can_summary": selectors.may_see_chain_summary(request.user),
        },
    )


@login_required
@require_GET
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The question, its chain archive with per-step clocks, and the conversation (read-only for units)."""
    escalation = selectors.get_escalation_for(request.user, pk)
    pending = escalation.status in escalation_services.PENDING
    can_act = pending and escalation_services.may_act(request.user, escalation)
    inquiry = escalation.inquiry
    draft = _pop_draft(request, f"escalation:{escalation.pk}")
    context = {
        "escalation": escalation,
        "inquiry": inquiry,
        "now": timezone.now(),
        "steps": escalation.steps.select_related("actor"),
        "can_answer": can_act and escalation.status != "validating",
        "can_forward": can_act and escalation.status != "validating" and escalation.current_role != "dekan",
        "can_validate": pending and escalation_services.may_validate(request.user, escalation),
        "can_relay": request.user.has_perm("inquiries.change_inquiry")
        and escalation.status == EscalationStatus.ANSWERED,
        "draft": draft,
        "forward_form": forms.ForwardForm(current_role=escalation.current_role),
        "conversation": selectors.conversation(inquiry),
        "window": reply_window(inquiry),
        "can_change": False,  # read-only here: replies are the inbox's job
        "can_approve": False,
    }
    return render(request, "inquiries/escalation_detail.html", context)


@login_required
@require_GET
def chain_summary(request: HttpRequest) -> HttpResponse:
    """The Wakil Dekan's monthly report to the Dekan: per unit, count, median time per step, overdue steps."""
    if not selectors.may_see_chain_summary(request.user):
        raise PermissionDenied
    month = forms.MonthForm(request.GET or None)
    first_day = month.first_day()
    return render(
        request,
        "inquiries/chain_summary.html",
        {"rows": selectors.chain_summary(first_day), "month_form": month, "first_day": first_day},
    )


def _post_escalation_action(
    request: HttpRequest, pk: int, form_class, call: Callable, success: str
) -> HttpResponse:
    escalation = selectors.get_escalation_for(request.user, pk)
    form = (
        form_class(request.POST, current_role=escalation.current_role)
        if form_class is forms.ForwardForm
        else form_class(request.POST)
    )
    if form.is_valid():
        done = _run(request, lambda: call(escalation, form.cleaned_data), success)
    else:
        _form_errors(request, form)
        done = False
    if not done:
        _keep_draft(request, f"escalation:{escalation.pk}")
    return redirect("inquiries:escalation", pk=escalation.pk)


def _answered_text(escalation) -> tuple[str, str]:
    if escalation.status == "validating":
        return "info", _(
            "Jawaban disimpan dan diteruskan ke Kabag TU untuk validasi; belum dikirim ke admin."
        )
    return "success", _("Jawaban dikirim ke admin.")


@login_required
@permission_required("inquiries.answer_escalation", raise_exception=True)
@require_POST
def escalation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_escalation_action(
        request,
        pk,
        forms.AnswerForm,
        lambda e, d: escalation_services.answer_escalation(e, answer=d["answer"], by=request.user),
        _answered_text,
    )


@login_required
@permission_required("inquiries.answer_escalation", raise_exception=True)
@require_POST
def escalation_forward(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_escalation_action(
        request,
        pk,
        forms.ForwardForm,
        lambda e, d: escalation_services.forward_escalation(
            e, to_role=d["to_role"], note=d["note"], by=request.user
        ),
        _("Eskalasi diteruskan."),
    )


@login_required
@permission_required("inquiries.answer_escalation", raise_exception=True)
@require_POST
def escalation_validate(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_escalation_action(
        request,
        pk,
        forms.ValidateForm,
        lambda e, d: escalation_services.validate_escalation(e, note=d["note"], by=request.user),
        _("Validasi dicatat."),
    )


@login_required
@permission_required("inquiries.change_inquiry", raise_exception=True)
@require_POST
def escalation_relay(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = selectors.get_escalation_for(request.user, pk)
    form = forms.RelayForm(request.POST)
    done = form.is_valid() and _run(
        request,
        lambda: escalation_services.relay_escalation(
            escalation, body=form.cleaned_data["body"], by=request.user
        ),
        lambda relayed: sending.describe_send(relayed.relay_message),
    )
    if not form.is_valid():
        _form_errors(request, form)
    if not done:
        _keep_draft(request, f"inquiry:{escalation.inquiry_id}")
    return redirect("inquiries:detail", pk=escalation.inquiry_id)


# --- Triage categories (supervisor) ---------------------------------------------------------------


@login_required
@permission_required("inquiries.change_category", raise_exception=True)
def categories(request: HttpRequest) -> HttpResponse:
    """Categories with their level and keywords; a POST with `pk` edits one, without adds one."""
    instance = None
    if request.method == "POST" and request.POST.get("pk"):
        pk = parse_id(request.POST["pk"])
        if pk is None:
            raise Http404
        instance = get_object_or_404(Category, pk=pk)
    if request.method == "POST" and instance is None and not request.user.has_perm("inquiries.add_category"):
        raise PermissionDenied
    form = forms.CategoryForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            workflow.save_category(instance, **form.cleaned_data)
            messages.success(request, _("Kategori disimpan."))
            return redirect("inquiries:categories")
        _form_errors(request, form)
    rows = [
        (category, forms.CategoryForm(instance=category, prefix=f"c{category.pk}"))
        for category in Category.objects.select_related("default_unit")
    ]
    return render(
        request,
        "inquiries/category_list.html",
        {"rows": rows, "form": forms.CategoryForm(), "units": list(Unit.objects.all())},
    )
