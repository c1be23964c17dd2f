"""Inbox pages: the list, the conversation and its actions, the unit's escalation queue."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.ids import parse_id
from inquiries import forms, selectors
from inquiries.models import Category, Level, Message, Unit
from inquiries.services import escalations as escalation_services
from inquiries.services import workflow

PAGE_SIZE = 50


def _run(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    """Call one service; show its Indonesian error instead of a 500 when the workflow refuses."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


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
    page = Paginator(
        selectors.inbox_queryset(request.user, filter_form.filters(), now=now), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"page": page, "now": now, "filter_form": filter_form, "query": params.urlencode()}
    if request.htmx:
        return render(request, "inquiries/_inquiry_rows.html", context)
    workflow.record_inbox_activity(request.user)
    context.update(
        counts=selectors.inbox_counts(request.user, now=now), last_activity=selectors.last_inbox_activity()
    )
    return render(request, "inquiries/inquiry_list.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = selectors.get_inquiry_for(request.user, pk)
    others, interactions = selectors.lead_history(inquiry)
    templates = [(t, workflow.render_template_for(t, inquiry)) for t in selectors.reply_templates()]
    context = {
        "inquiry": inquiry,
        "now": timezone.now(),
        "conversation": selectors.conversation(inquiry),
        "escalations": selectors.escalations_of(inquiry),
        "other_inquiries": others,
        "interactions": interactions,
        "reply_templates": templates,
        "categories": list(Category.objects.filter(is_active=True)),
        "units": list(Unit.objects.all()),
        "staff": list(forms.staff_for_assignment()),
        "selected_level": inquiry.level or inquiry.suggested_level,
        "selected_category": inquiry.category_id or inquiry.suggested_category_id,
        "selected_unit": inquiry.category.default_unit_id if inquiry.category else None,
        "levels": Level.choices,
        "can_approve": request.user.has_perm("inquiries.approve_crisis_reply"),
        "can_change": request.user.has_perm("inquiries.change_inquiry"),
    }
    return render(request, "inquiries/inquiry_detail.html", context)


def _post_inquiry_action(
    request: HttpRequest, pk: int, form_class, call: Callable, success: str
) -> HttpResponse:
    inquiry = selectors.get_inquiry_for(request.user, pk)
    if not request.user.has_perm("inquiries.change_inquiry"):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        _run(request, lambda: call(inquiry, form.cleaned_data), success)
    else:
        _form_errors(request, form)
    return redirect("inquiries:detail", pk=inquiry.pk)


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_inquiry_action(
        request,
        pk,
        forms.ReplyForm,
        lambda i, d: workflow.reply_to_inquiry(i, body=d["body"], by=request.user),
        _("Balasan dikirim."),
    )


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


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_inquiry_action(
        request,
        pk,
        forms.CloseForm,
        lambda i, d: workflow.close_inquiry(i, note=d["note"], category=d["category"], by=request.user),
        _("Pertanyaan ditutup; survei dikirim."),
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
        _("Balasan krisis disetujui dan dikirim."),
    )
    return redirect("inquiries:detail", pk=message.inquiry_id)


@login_required
@permission_required("inquiries.change_inquiry", raise_exception=True)
@require_POST
def retry_message(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_for(request, pk)
    _run(request, lambda: workflow.retry_reply(message, by=request.user), _("Pesan dikirim ulang."))
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


# --- Unit escalation queue -----------------------------------------------------------------------


@login_required
@permission_required("inquiries.answer_escalation", raise_exception=True)
@require_GET
def unit_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inquiries/escalation_list.html",
        {"escalations": selectors.unit_queue(request.user), "now": timezone.now()},
    )


@login_required
@require_GET
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = selectors.get_escalation_for(request.user, pk)
    can_answer = request.user.has_perm("inquiries.answer_escalation") and escalation_services.is_unit_member(
        request.user, escalation.unit_id
    )
    context = {
        "escalation": escalation,
        "steps": escalation.steps.select_related("actor"),
        "can_answer": can_answer and escalation.status in escalation_services.PENDING,
        "can_relay": request.user.has_perm("inquiries.change_inquiry") and escalation.status == "answered",
        "answer_form": forms.AnswerForm(),
        "forward_form": forms.ForwardForm(),
        "validate_form": forms.ValidateForm(),
        "relay_form": forms.RelayForm(initial={"body": escalation.answer}),
    }
    return render(request, "inquiries/escalation_detail.html", context)


def _post_escalation_action(
    request: HttpRequest, pk: int, form_class, call: Callable, success: str
) -> HttpResponse:
    escalation = selectors.get_escalation_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        _run(request, lambda: call(escalation, form.cleaned_data), success)
    else:
        _form_errors(request, form)
    return redirect("inquiries:escalation", pk=escalation.pk)


@login_required
@permission_required("inquiries.answer_escalation", raise_exception=True)
@require_POST
def escalation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_escalation_action(
        request,
        pk,
        forms.AnswerForm,
        lambda e, d: escalation_services.answer_escalation(e, answer=d["answer"], by=request.user),
        _("Jawaban dikirim ke admin."),
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
    if form.is_valid():
        _run(
            request,
            lambda: escalation_services.relay_escalation(
                escalation, body=form.cleaned_data["body"], by=request.user
            ),
            _("Jawaban unit disampaikan ke penanya."),
        )
    else:
        _form_errors(request, form)
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
            workflow.save_category(form)
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
