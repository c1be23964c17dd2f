"""The import benchmark stays runnable (a small scale of `python -m benchmarks.import_bench`): it
writes the file, times `import_leads` (under /usr/bin/time -v when installed) and reports the peak
memory."""

from __future__ import annotations

import pytest

from benchmarks import import_bench
from leads.models import ImportJob, Lead
from tests.outbox.conftest import _database_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_import_benchmark_runs_at_a_small_scale(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", _database_url())
    import_bench.main(["--rows", "300"])
    out = capsys.readouterr().out
    assert "import_leads 300 rows" in out and "peak RSS" in out and "294 created, 3 merged, 3 rejected" in out
    job = ImportJob.objects.get()
    assert (job.created, job.merged, job.rejected) == (294, 3, 3) and Lead.objects.count() == 294
