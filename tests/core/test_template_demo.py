from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from core.models import ResponseTemplate, TemplateKind, TemplateVersion, VersionStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_every_template_its_versions_and_fills_the_queue():
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    assert not ResponseTemplate.objects.filter(versions__isnull=True).exists()
    assert not ResponseTemplate.objects.filter(
        approved_at__isnull=False, approved_version__isnull=True
    ).exists()
    assert (
        TemplateVersion.objects.filter(
            status=VersionStatus.SUBMITTED, template__kind=TemplateKind.FAQ
        ).count()
        == 1
    )
    assert ResponseTemplate.objects.approved().filter(kind=TemplateKind.NEWSLETTER).exists()
    from leads.models import Campaign

    assert not Campaign.objects.filter(template__isnull=True).exists()
    call_command("seed_demo", "--force", "--quiet-logins", stdout=io.StringIO())
    assert TemplateVersion.objects.filter(status=VersionStatus.SUBMITTED).count() == 1
