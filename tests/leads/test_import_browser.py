"""Import on a phone (390x844), in Chromium: upload a big file, the real worker previews and imports
it while the page polls its progress (htmx), the result page shows the counts and the rejected rows
download as CSV with a reason column."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from leads.models import ImportJob, ImportStatus
from tests.a11y.test_axe import serious_violations
from tests.conftest import DESKTOP, SHOTS
from tests.leads.test_import_jobs import _csv, _rows
from tests.outbox.conftest import celery_worker  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.mark.worker
def test_big_import_on_a_phone_with_progress_result_and_rejected_csv(
    celery_worker,  # noqa: F811
    phone,
    admin_marketing,
    settings,
    tmp_path,
):
    settings.IMPORT_SYNC_MAX_ROWS = 20
    path = tmp_path / "pameran-besar.csv"
    path.write_bytes(_csv(_rows(60)))
    page = phone(admin_marketing)
    csp = []
    page.on("console", lambda msg: csp.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"{page.base_url}/leads/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_url("**/leads/import/*/")
    # the worker previews the file while the page polls; the poll reloads the page into the preview
    page.wait_for_selector("[data-testid=import-plan]", timeout=60_000)
    assert "53 baris akan dibuat baru, 5 digabung" in page.inner_text("[data-testid=import-plan]")
    assert page.locator("[data-testid=import-row][data-outcome=merged]").count() == 5
    _shot(page, "import-preview-big-390.png")
    assert serious_violations(page) == []
    page.click("[data-testid=import-confirm]")
    page.wait_for_selector("[data-testid=import-done]", timeout=60_000)
    assert "53 baru, 5 digabung ke data yang sudah ada, 2 ditolak." in page.inner_text(
        "[data-testid=import-done]"
    )
    _shot(page, "import-result-390.png")
    with page.expect_download() as info:
        page.click("[data-testid=import-done] [data-testid=rejected-csv]")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert [(row["line"], row["full_name"]) for row in rows] == [("26", "Calon 24"), ("51", "Calon 49")]
    assert all(row["reason"].startswith("Tidak ada kontak") for row in rows)
    assert serious_violations(page) == []
    # the result page stays: a later visit shows the same counts, on a desktop too
    desktop = phone(admin_marketing, viewport=DESKTOP)
    desktop.goto(page.url)
    assert "53 baru" in desktop.inner_text("[data-testid=import-done]")
    _shot(desktop, "import-result-1366.png")
    desktop.goto(f"{desktop.base_url}/leads/import/")
    assert "pameran-besar.csv" in desktop.inner_text("[data-testid=import-recent]")
    assert csp == []


def test_progress_bar_polls_until_the_job_is_done(phone, admin_marketing, tmp_path):
    stored = tmp_path / "upload.csv"
    stored.write_bytes(b"x")
    job = ImportJob.objects.create(
        filename="pameran-besar.csv",
        stored_path=str(stored),
        status=ImportStatus.RUNNING,
        total=100_000,
        is_async=True,
        uploaded_by=admin_marketing,
    )
    progress = Path(f"{stored}.progress.json")
    progress.write_text(json.dumps({"processed": 42_000, "created": 41_000, "merged": 600, "rejected": 400}))
    page = phone(admin_marketing)
    page.goto(f"{page.base_url}/leads/import/{job.pk}/")
    bar = page.locator("progress#import-progress-bar")
    assert bar.get_attribute("value") == "42000" and bar.get_attribute("max") == "100000"
    assert bar.is_visible() and bar.bounding_box()["width"] > 300  # the full width of a phone
    _shot(page, "import-progress-390.png")
    assert serious_violations(page) == []
    progress.write_text(json.dumps({"processed": 90_000, "created": 88_000, "merged": 1200, "rejected": 800}))
    page.locator("progress#import-progress-bar[value='90000']").wait_for(timeout=10_000)  # the htmx poll
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE, processed=100_000, created=98_000, merged=1_200, rejected=800
    )
    page.wait_for_selector("[data-testid=import-done]", timeout=10_000)
    assert "98000 baru" in page.inner_text("[data-testid=import-done]")
