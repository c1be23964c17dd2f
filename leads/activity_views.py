"""Pages listing a staff member's interactions and follow-ups (the reports' team figures link here)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from leads import activity

PAGE_SIZE = 50


def _render(request: HttpRequest, rows, *, kind: str, template: str) -> HttpResponse:
    form = activity.ActivityFilterForm(request.GET or None)
    invalid = form.is_bound and not form.is_valid()
    data = form.cleaned_data if form.is_bound and not invalid else {}
    rows = rows(data).none() if invalid else rows(data)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    staff = get_user_model().objects.filter(pk=data.get("by")).first() if data.get("by") else None
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "staff": staff, "kind": kind, "query": query.urlencode()}
    return render(request, template, context, status=400 if invalid else 200)


@login_required
@permission_required("leads.view_interaction", raise_exception=True)
@require_GET
def interaction_list(request: HttpRequest) -> HttpResponse:
    return _render(
        request, activity.interactions, kind="interactions", template="leads/interaction_list.html"
    )


@login_required
@permission_required("leads.view_followup", raise_exception=True)
@require_GET
def follow_up_list(request: HttpRequest) -> HttpResponse:
    return _render(request, activity.follow_ups, kind="follow_ups", template="leads/follow_up_list.html")
