from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from core import roles

pytestmark = pytest.mark.django_db


def test_every_role_group_exists_with_its_permissions():
    for role, perms in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert granted == set(perms), role


def test_unit_role_cannot_see_leads(unit_user):
    assert not unit_user.has_perm("leads.view_lead")
    assert unit_user.has_perm("inquiries.answer_escalation")


def test_telemarketer_works_the_call_queue_but_cannot_export(telemarketer):
    assert telemarketer.has_perm("leads.view_callqueue")
    assert not telemarketer.has_perm("leads.export_leads")


def test_data_subject_requests_are_for_admin_marketing_and_kadiv_only(
    admin_marketing, kadiv, telemarketer, admin_medsos
):
    assert admin_marketing.has_perm("leads.erase_lead")
    assert kadiv.has_perm("leads.erase_lead")
    assert not telemarketer.has_perm("leads.erase_lead")
    assert not admin_medsos.has_perm("leads.erase_lead")
