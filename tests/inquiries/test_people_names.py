"""People are named by their full name on inbox, escalation and content screens (the username only
when no name is recorded)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from content.forms import ContentItemForm
from inquiries.forms import AssignForm, InboxFilterForm
from inquiries.models import Unit
from inquiries.services import escalations, workflow
from tests.factories import UserFactory


def test_inbox_rows_filters_and_assignment_name_people(client_for, admin_medsos, whatsapp_inquiry):
    admin_medsos.first_name, admin_medsos.last_name = "Dewi", "Lestari"
    admin_medsos.save()
    nameless = UserFactory(username="sosmed9", first_name="", last_name="", roles=["Admin Media Sosial"])
    inquiry = whatsapp_inquiry()
    workflow.assign_inquiry(inquiry, to=admin_medsos, by=admin_medsos)

    inbox = client_for(admin_medsos).get(reverse("inquiries:inbox")).content.decode()
    assert "Dewi Lestari" in inbox
    for form in (InboxFilterForm(), AssignForm()):
        labels = {label for _value, label in form.fields["assignee"].choices}
        assert {"Dewi Lestari", "sosmed9"} <= labels and admin_medsos.username not in labels
    conversation = (
        client_for(admin_medsos).get(reverse("inquiries:detail", args=[inquiry.pk])).content.decode()
    )
    assert ">Dewi Lestari</option>" in conversation
    assert nameless


def test_escalation_steps_name_the_actor_and_the_role(client_for, admin_medsos, supervisor, whatsapp_inquiry):
    admin_medsos.first_name, admin_medsos.last_name = "Dewi", "Lestari"
    admin_medsos.save()
    inquiry = whatsapp_inquiry()
    escalation = escalations.escalate_inquiry(
        inquiry,
        unit=Unit.objects.get(code="akademik"),
        question="Magang?",
        by=admin_medsos,
        due_at=timezone.now(),
    )
    page = client_for(supervisor).get(reverse("inquiries:detail", args=[inquiry.pk])).content.decode()
    assert "Dewi Lestari" in page and "(Kasubbag)" in page and "(kasubbag)" not in page
    assert escalation


def test_content_owner_choices_name_people(db):
    named = UserFactory(
        username="humas7", first_name="Rudi", last_name="Hartono", roles=["Humas & Kerjasama"]
    )
    labels = {label for _value, label in ContentItemForm().fields["owner"].choices}
    assert "Rudi Hartono" in labels and named.username not in labels
