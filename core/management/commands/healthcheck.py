"""Exit 0 when the database and the broker answer, 1 otherwise (container healthchecks)."""

from django.core.management.base import BaseCommand, CommandError

from core.views import broker_state, database_state


class Command(BaseCommand):
    help = "Check that the database and the broker answer."

    def handle(self, *args, **options):
        database_ok, database_detail = database_state()
        broker_ok, broker_detail = broker_state()
        self.stdout.write(f"database: {database_detail}\nbroker: {broker_detail}")
        if not (database_ok and broker_ok):
            raise CommandError("unhealthy")
