"""Demo data for a polytechnic in Bintan, Kepulauan Riau: programmes, schools, one user per role.

Each app adds its own demo rows through a `demo.seed(stdout, now)` function in its package
(leads.demo, inquiries.demo, leads.demo_outbox); this command runs them in order.
"""

from __future__ import annotations

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core import demo

APP_SEEDERS = [
    "leads.demo",
    "inquiries.demo",
    "leads.demo_outbox",
    "content.demo",
    "reports.demo",
    "core.template_library.demo",
    "leads.campaigns.demo",
]


class Command(BaseCommand):
    help = "Load demo data (idempotent: does nothing when the demo users already exist unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Seed again even if demo data exists.")
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, force: bool = False, quiet_logins: bool = False, **options):
        if demo.already_seeded() and not force:
            self.stdout.write("Demo data already present; nothing to do.")
        else:
            now = timezone.now()
            with transaction.atomic():
                demo.seed(self.stdout, now)
                for module_name in APP_SEEDERS:
                    try:
                        module = importlib.import_module(module_name)
                    except ModuleNotFoundError as exc:
                        if exc.name != module_name:
                            raise
                        continue
                    module.seed(self.stdout, now)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if not quiet_logins:
            self.stdout.write(demo.logins_table())
