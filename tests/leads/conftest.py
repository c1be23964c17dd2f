from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from core.models import ResponseTemplate, TemplateKind
from tests.factories import LeadFactory, StudyProgramFactory


@pytest.fixture
def lead(db):
    return LeadFactory(
        full_name="Siti Rahmawati", phone="+6281234567890", email="siti@contoh.sch.id", track="regular"
    )


@pytest.fixture
def privacy_officer(admin_marketing):
    """Admin Marketing with the UU PDP permission (not yet in any role; see the report)."""
    admin_marketing.user_permissions.add(Permission.objects.get(codename="erase_lead"))
    return type(admin_marketing).objects.get(pk=admin_marketing.pk)


@pytest.fixture
def call_script(db, kadiv):
    from django.utils import timezone

    return ResponseTemplate.objects.create(
        kind=TemplateKind.SCRIPT,
        name="Skrip reguler",
        track="regular",
        approved_by=kadiv,
        approved_at=timezone.now(),
        body="Selamat {greeting}, saya {agent} dari PMB. Apakah benar ini {name}? Minat {program}?",
    )


@pytest.fixture
def program(db):
    return StudyProgramFactory(code="ph", name="D3 Perhotelan")
