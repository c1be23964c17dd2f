"""The telemarketing call queue (SOP 03 stage 2.2): today's calls, callbacks and MoU meetings.

Each card loads its logging form on demand (htmx), so the queue stays light on a phone; a refused
form comes back with the message next to its field and everything typed kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from leads import selectors, services
from leads.forms import InteractionForm
from leads.models import FollowUp, FollowUpKind, InteractionKind
from leads.phones import whatsapp_link
from leads.scripts import fill_script
from leads.views import save_interaction

# The queue shows at most this many cards, earliest due first: a phone page of hundreds of cards helps
# nobody, and the LIMIT lets PostgreSQL read the agent's pending tasks straight off their index.
QUEUE_LIMIT = 100


@login_required
@permission_required("leads.view_callqueue", raise_exception=True)
@require_GET
def call_queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    scripts = selectors.call_scripts()
    items = []
    follow_ups = list(selectors.call_queue(request.user, now=now)[: QUEUE_LIMIT + 1])
    for follow_up in follow_ups[:QUEUE_LIMIT]:
        lead = follow_up.lead
        number = lead.phone or lead.whatsapp
        script = selectors.script_for(lead, scripts)
        items.append(
            {
                "follow_up": follow_up,
                "lead": lead,
                "is_overdue": follow_up.due_at < now,
                "tel": number,
                "wa_link": whatsapp_link(lead.whatsapp or lead.phone),
                "script": fill_script(script.body, lead=lead, agent=request.user, now=now) if script else "",
                "script_version": script.approved_version_id if script else None,
            }
        )
    context = {"items": items, "more": len(follow_ups) > QUEUE_LIMIT, "limit": QUEUE_LIMIT}
    return render(request, "calls/call_queue.html", context)


def _own_follow_up(request: HttpRequest, follow_up_id: int) -> FollowUp:
    # Only the owner's pending follow-ups: another telemarketer's id is a 404.
    return get_object_or_404(
        FollowUp.objects.pending().select_related("lead"), pk=follow_up_id, owner=request.user
    )


def _script_version(raw: str | None) -> int | None:
    """The approved call-script version the queue showed, passed along with the form (usage counts)."""
    return int(raw) if raw and raw.isdigit() else None


def _render_form(
    request: HttpRequest, follow_up: FollowUp, form: InteractionForm, script_version: int | None
) -> HttpResponse:
    context = {"follow_up": follow_up, "form": form, "script_version": script_version}
    template = "calls/_call_form.html" if request.htmx else "calls/call_form_page.html"
    return render(request, template, context)


@login_required
@permission_required("leads.view_callqueue", raise_exception=True)
@require_GET
def call_form(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = _own_follow_up(request, follow_up_id)
    form = InteractionForm(
        prefix=f"f{follow_up.pk}",
        initial={
            "kind": InteractionKind.MEETING
            if follow_up.kind == FollowUpKind.MEETING
            else InteractionKind.CALL
        },
    )
    return _render_form(request, follow_up, form, _script_version(request.GET.get("script_version")))


@login_required
@permission_required("leads.view_callqueue", raise_exception=True)
@require_POST
def call_log(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = _own_follow_up(request, follow_up_id)
    form = InteractionForm(request.POST, prefix=f"f{follow_up.pk}")
    script_version = _script_version(request.POST.get("script_version"))
    if form.is_valid():
        try:
            save_interaction(
                request.user,
                follow_up.lead,
                form.cleaned_data,
                follow_up=follow_up,
                script_version=script_version,
            )
        except services.IllegalTransition as exc:
            form.add_error("status" if form.cleaned_data.get("status") else None, exc.messages)
    if not form.is_valid():
        return _render_form(request, follow_up, form, script_version)
    messages.success(request, _("Interaksi tercatat."))
    if request.htmx:
        response = HttpResponse()
        response["HX-Redirect"] = reverse("calls:queue")
        return response
    return redirect("calls:queue")
