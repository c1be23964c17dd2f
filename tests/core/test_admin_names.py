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
