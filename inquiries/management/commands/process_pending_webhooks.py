from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand

from inquiries.services import ingest


class Command(BaseCommand):
    help = "Process stored webhook events still pending (e.g. after a broker outage)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=int, default=60, help="Only events received at least this many seconds ago."
        )

    def handle(self, *args, older_than: int, **options):
        count = ingest.process_pending_webhook_events(older_than=timedelta(seconds=older_than))
        self.stdout.write(f"{count} webhook event(s) processed.")
