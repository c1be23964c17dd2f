"""The import preview says what each row will do (created / merged into which lead / rejected) and
the rejected rows download as CSV with a reason column, before and after the import."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leads import import_preview, importing
from leads.models import ImportJob, Lead
from tests.conftest import SHOTS
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def _csv(*rows: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=importing.COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode()


ROWS = (
    {"full_name": "Baru Sekali", "phone": "0812-1000-0001"},
    {"full_name": "Sudah Ada", "phone": "0812-1000-0002"},
    {"full_name": "Tanpa Kontak"},
    {"full_name": "Baru Sekali (lagi)", "email": "", "whatsapp": "0812 1000 0001"},
    {"full_name": "Nomor Rusak", "phone": "12"},
)


def _download(client, job: ImportJob) -> list[dict]:
    response = client.get(reverse("leads:import_rejected", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # BOM: spreadsheet apps read UTF-8
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_plan_marks_created_merged_and_rejected():
    existing = LeadFactory(full_name="Lama", phone="+6281210000002")
    report = importing.validate_file(_csv(*ROWS), "daftar.csv")
    plan = import_preview.plan_import(report)
    outcomes = {planned.row.line: planned for planned in plan.rows}
    assert outcomes[2].outcome == "created"
    assert outcomes[3].outcome == "merged" and outcomes[3].into_id == existing.pk
    assert outcomes[3].into_name == "Lama"
    assert outcomes[4].outcome == "rejected"
    assert outcomes[5].outcome == "merged" and outcomes[5].into_line == 2  # same number as line 2
    assert outcomes[6].outcome == "rejected"
    assert (plan.created, plan.merged, plan.rejected) == (1, 2, 2)
    # The plan agrees with what the import then does.
    done = importing.commit_import(report, by=None)
    assert (done.created, done.merged) == (plan.created, plan.merged)


def test_preview_page_and_rejected_download_before_and_after(client_for, admin_marketing, telemarketer):
    old = LeadFactory(full_name="Lama", phone="+6281210000002")
    client = client_for(admin_marketing)
    upload = SimpleUploadedFile("daftar.csv", _csv(*ROWS), content_type="text/csv")
    response = client.post(reverse("leads:import"), {"file": upload}, follow=True)
    body = response.content.decode()
    assert "1 baris akan dibuat baru, 2 digabung ke calon mahasiswa yang sudah ada, 2 ditolak." in body
    assert (
        f'href="{reverse("leads:detail", args=[old.pk])}">Lama (#{old.pk})' in body
        and "dengan baris 2" in body
    )
    job = response.context["job"]
    rows = _download(client, job)
    assert [row["line"] for row in rows] == ["4", "6"]
    assert rows[1]["phone"] == "12" and rows[1]["full_name"] == "Nomor Rusak"
    assert rows[0]["reason"].startswith("Tidak ada kontak") and "12" in rows[1]["reason"]
    done = client.post(reverse("leads:import_confirm", args=[job.pk]), follow=True).content.decode()
    assert 'data-testid="rejected-csv"' in done and "Nomor Rusak" in done
    assert [row["full_name"] for row in _download(client, job)] == ["Tanpa Kontak", "Nomor Rusak"]
    assert Lead.objects.count() == 2
    # The result page stays: a later visit shows the same counts.
    again = client.get(reverse("leads:import_job", args=[job.pk])).content.decode()
    assert "1 baru, 2 digabung ke data yang sudah ada, 2 ditolak." in again
    # A role without the import permission gets nothing; an unknown id is a 404.
    other = client_for(telemarketer)
    assert other.get(reverse("leads:import_rejected", args=[job.pk])).status_code == 403
    assert other.get(reverse("leads:import_job", args=[job.pk])).status_code == 403
    client = client_for(admin_marketing)
    assert client.get(reverse("leads:import_job", args=[job.pk + 1000])).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_preview_on_a_phone(phone, admin_marketing, tmp_path):
    LeadFactory(full_name="Lama", phone="+6281210000002")
    path = tmp_path / "daftar.csv"
    path.write_bytes(_csv(*ROWS))
    page = phone(admin_marketing)
    page.goto(f"{page.base_url}/leads/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("[data-testid=import-plan]")
    assert page.locator("[data-testid=import-row][data-outcome=merged]").count() == 2
    assert page.locator("[data-testid=import-row][data-outcome=rejected]").first.is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "import-preview-390.png"), full_page=True)
    with page.expect_download() as info:
        page.click("[data-testid=import-plan] [data-testid=rejected-csv]")
    content = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert "reason" in content.splitlines()[0] and "Nomor Rusak" in content
