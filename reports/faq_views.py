"""The FAQ update page (/reports/faq/, SOP 02 stage 4.3) and its proposals to the template library."""

from __future__ import annotations

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.template_library import services as library
from reports import faq
from reports.faq_forms import FaqPeriodForm, FaqProposalForm
from reports.periods import Period


def _period(form: FaqPeriodForm) -> Period:
    data = form.cleaned_data
    tz = ZoneInfo(settings.OFFICE_TIME_ZONE)
    return Period(f"{data['date_from']}..{data['date_to']}", data["date_from"], data["date_to"], tz)


@login_required
@permission_required("reports.view_reports", raise_exception=True)
@require_GET
def faq_update(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate(timezone=ZoneInfo(settings.OFFICE_TIME_ZONE))
    form = FaqPeriodForm(request.GET if "date_from" in request.GET else FaqPeriodForm.default(today))
    report = faq.faq_report(_period(form)) if form.is_valid() else None
    context = {
        "form": form,
        "report": report,
        "proposal_form": FaqProposalForm(initial={"question": request.GET.get("question", "")}),
        "can_propose": library.can_draft(request.user),
        "query": urlencode({k: request.GET[k] for k in ("date_from", "date_to") if k in request.GET}),
    }
    return render(request, "reports/faq.html", context)


@login_required
@permission_required("reports.view_reports", raise_exception=True)
@require_POST
def faq_propose(request: HttpRequest) -> HttpResponse:
    if not library.can_draft(request.user):
        raise PermissionDenied
    form = FaqProposalForm(request.POST)
    back = reverse("reports:faq") + ("?" + request.POST["query"] if request.POST.get("query") else "")
    if not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("Usulan belum dikirim: %(errors)s") % {"errors": errors})
        return redirect(back)
    data = form.cleaned_data
    try:
        version = library.propose_faq_answer(
            data["template"],
            name=data["name"],
            category=data["category"],
            body=data["body"],
            question=data["question"],
            by=request.user,
        )
    except library.TemplateError as exc:
        messages.error(request, _("Usulan belum dikirim: %(errors)s") % {"errors": " ".join(exc.messages)})
        return redirect(back)
    messages.success(
        request,
        _("Usulan %(name)s v%(n)s masuk antrean persetujuan Kadiv.")
        % {"name": version.template.name, "n": version.number},
    )
    return redirect(back)
