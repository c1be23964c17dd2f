"""The one-question satisfaction survey (no login; the unguessable token is the key)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from inquiries.forms import SurveyForm
from inquiries.models import Inquiry
from inquiries.services.survey import submit_survey


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    inquiry = get_object_or_404(Inquiry.objects.select_related("survey"), survey_token=token)
    answered = hasattr(inquiry, "survey")
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            submit_survey(inquiry, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "survey/survey_thanks.html", {"inquiry": inquiry})
    status = 400 if request.method == "POST" and not answered else 200
    return render(
        request,
        "survey/survey_form.html",
        {"inquiry": inquiry, "form": form, "answered": answered},
        status=status,
    )
