"""The telemarketing call queue (SOP 03 stage 2.2): today's calls, callbacks and MoU meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from leads import selectors
from leads.forms import InteractionForm
from leads.models import FollowUp, FollowUpKind, InteractionKind
from leads.phones import whatsapp_link
from leads.scripts import fill_script
from leads.views import form_errors, save_interaction


@login_required
@permission_required("leads.view_callqueue", raise_exception=True)
@require_GET
def call_queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    scripts = selectors.call_scripts()
    items = []
    for follow_up in selectors.call_queue(request.user, now=now):
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
                "form": InteractionForm(
                    prefix=f"f{follow_up.pk}",
                    initial={
                        "kind": InteractionKind.MEETING
                        if follow_up.kind == FollowUpKind.MEETING
                        else InteractionKind.CALL
                    },
                ),
            }
        )
    return render(request, "calls/call_queue.html", {"items": items})


@login_required
@permission_required("leads.view_callqueue", raise_exception=True)
@require_POST
def call_log(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    # Only the owner's pending follow-ups: another telemarketer's id is a 404.
    follow_up = get_object_or_404(
        FollowUp.objects.pending().select_related("lead"), pk=follow_up_id, owner=request.user
    )
    form = InteractionForm(request.POST, prefix=f"f{follow_up.pk}")
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        save_interaction(
            request,
            follow_up.lead,
            form.cleaned_data,
            follow_up=follow_up,
            script_version=request.POST.get("script_version"),
        )
    return redirect("calls:queue")
