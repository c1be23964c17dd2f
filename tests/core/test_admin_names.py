"""Every model and app shown in the Django admin is named through the translation catalogue, so
the admin reads in the reader's language (not Indonesian-only, nor Django's English default)."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.utils import translation
from django.utils.functional import Promise

OURS = {"core", "leads", "inquiries", "automation", "content", "reports"}


def test_admin_models_and_apps_have_translatable_names():
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label not in OURS:
            continue
        for name in ("verbose_name", "verbose_name_plural"):
            assert name in meta.original_attrs, f"{meta.label} has no {name}"
            assert isinstance(meta.original_attrs[name], Promise), f"{meta.label}.{name} is not translatable"
        assert isinstance(apps.get_app_config(meta.app_label).verbose_name, Promise), meta.app_label


def test_an_admin_name_reads_in_both_languages():
    from core.models import OfficeClosure

    with translation.override("id"):
        assert str(OfficeClosure._meta.verbose_name) == "penutupan kantor"
    with translation.override("en"):
        assert str(OfficeClosure._meta.verbose_name) == "office closure"


def test_admin_lists_name_people_and_show_alerts_in_the_readers_language(client, supervisor):
    from django.contrib.auth import get_user_model

    from core.models import Alert, AuditLog
    from inquiries.texts import SLA_BREACH

    supervisor.first_name, supervisor.last_name = "Yusuf", "Hidayat"
    supervisor.save()
    stored = SLA_BREACH.stored(id=4)
    Alert.objects.create(
        key="k", recipient=supervisor, code=stored.code, params=stored.params, message=stored.text
    )
    AuditLog.objects.create(actor=supervisor, action="lead.merge", object_type="leads.lead", object_id="1")
    admin_user = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    alerts = client.get("/admin/core/alert/").content.decode()
    assert "Yusuf Hidayat" in alerts and "Inquiry #4 passed its first-response deadline" in alerts
    assert "Yusuf Hidayat" in client.get("/admin/core/auditlog/").content.decode()
