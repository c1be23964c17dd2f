from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from tests.factories import LeadFactory


@pytest.fixture
def lead(db):
    return LeadFactory(
        full_name="Siti Rahmawati", phone="+6281234567890", email="siti@contoh.sch.id", track="regular"
    )


@pytest.fixture
def privacy_officer(admin_marketing):
    """Admin Marketing with the UU PDP permission."""
    admin_marketing.user_permissions.add(Permission.objects.get(codename="erase_lead"))
    return type(admin_marketing).objects.get(pk=admin_marketing.pk)
