"""Report figures as tables, and those tables as CSV or XLSX files (the same figures as the JSON).

`safe_cell` neutralises formula injection (OWASP "CSV injection"): a text cell starting with
= + - @ TAB or CR gets a leading apostrophe. (The hardening branch brings `core.spreadsheets`
with the product-wide version; this one is meant to be replaced by it.)
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from core.spreadsheets import safe_cell  # the one formula-injection rule (OWASP)
from inquiries.models import Channel
from leads.models import LeadSource

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv"

Table = tuple[str, list[str], list[list]]


def kind_of(report: dict) -> str:
    for key, kind in (("date", "daily"), ("week", "weekly"), ("month", "monthly")):
        if key in report:
            return kind
    raise ValueError("not a report")


def filename(report: dict, extension: str) -> str:
    kind = kind_of(report)
    label = report[{"daily": "date", "weekly": "week", "monthly": "month"}[kind]]
    return f"laporan-{ {'daily': 'harian', 'weekly': 'mingguan', 'monthly': 'bulanan'}[kind] }-{label}.{extension}"


def _channel(value: str) -> str:
    return dict(Channel.choices).get(value, value)


def _source(value: str) -> str:
    return dict(LeadSource.choices).get(value, value)


def _conversion_table(title: str, rows: list[dict], key: str, first_header: str) -> Table:
    header = [first_header, _("Prospek"), _("Berminat"), _("Mendaftar"), _("Daftar ulang"), _("Konversi (%)")]
    body = [
        [
            row.get("label") or row[key],
            row["leads"],
            row["interested"],
            row["registered"],
            row["enrolled"],
            row["conversion_rate"],
        ]
        for row in rows
    ]
    return title, header, body


def _activity_table(title: str, rows: list[dict], key: str, first_header: str) -> Table:
    header = [first_header, _("Mendaftar"), _("Daftar ulang")]
    return title, header, [[row.get("label") or row[key], row["registered"], row["enrolled"]] for row in rows]


def tables(report: dict) -> list[Table]:
    """The report as titled tables: one XLSX sheet each, stacked in the CSV."""
    kind = kind_of(report)
    figure, value = _("Angka"), _("Nilai")
    if kind == "daily":
        summary = [
            [_("Tanggal"), report["date"]],
            [_("Pertanyaan masuk"), report["inquiries_total"]],
            [_("Respons pertama dalam 2 jam kerja"), report["first_response_within_sla"]],
            [_("Respons pertama dalam 2 jam kerja (%)"), report["first_response_within_sla_pct"]],
            [_("Calon mahasiswa baru"), report["new_leads_total"]],
            [_("Input lebih dari 1x24 jam"), report["late_entries_total"]],
            [_("Interaksi dicatat"), report["interactions_total"]],
            [_("Balasan terkirim"), report["replies_total"]],
        ]
        state_labels = {
            "resolved": _("Selesai"),
            "escalated": _("Dieskalasi"),
            "answered": _("Dijawab"),
            "open": _("Terbuka"),
        }
        return [
            (_("Ringkasan"), [figure, value], summary),
            (
                _("Per kanal"),
                [_("Kanal"), _("Pertanyaan")],
                [[_channel(k), v] for k, v in report["by_channel"].items()],
            ),
            (
                _("Per level"),
                [_("Level"), _("Pertanyaan")],
                [[k if k != "untriaged" else _("Belum ditriase"), v] for k, v in report["by_level"].items()],
            ),
            (
                _("Per status"),
                [_("Status di akhir hari"), _("Pertanyaan")],
                [[state_labels[k], v] for k, v in report["inquiries_by_state"].items()],
            ),
            (
                _("Per kategori"),
                [_("Kategori"), _("Pertanyaan")],
                [[row["category"], row["inquiries"]] for row in report["inquiries_by_category"]],
            ),
            (
                _("Prospek per sumber"),
                [_("Sumber"), _("Calon mahasiswa baru"), _("Input lebih dari 1x24 jam")],
                [
                    [_source(k), v, report["late_entries_by_source"].get(k, 0)]
                    for k, v in report["new_leads_by_source"].items()
                ],
            ),
            (
                _("Per petugas"),
                [_("Petugas"), _("Interaksi"), _("Balasan")],
                [
                    [row["staff"], row["interactions"], row["replies"]]
                    for row in report["interactions_by_staff"]
                ],
            ),
        ]
    label = report["week"] if kind == "weekly" else report["month"]
    cohort = report["cohort"]
    summary = [
        [_("Periode"), label],
        [_("Kohort: prospek masuk"), cohort["leads"]],
        [_("Kohort: berminat"), cohort["interested"]],
        [_("Kohort: mendaftar"), cohort["registered"]],
        [_("Kohort: daftar ulang"), cohort["enrolled"]],
        [_("Kohort: konversi (%)"), cohort["conversion_rate"]],
        [_("Aktivitas: mendaftar dalam periode"), report["activity"]["registered"]],
        [_("Aktivitas: daftar ulang dalam periode"), report["activity"]["enrolled"]],
    ]
    result: list[Table] = [
        (_("Ringkasan"), [figure, value], summary),
        _conversion_table(_("Kohort per kanal"), report["by_channel"], "channel", _("Kanal")),
    ]
    if kind == "weekly":
        result.append(_conversion_table(_("Kohort per sumber"), report["by_source"], "source", _("Sumber")))
    else:
        summary += [
            [_("Biaya total (Rp)"), cohort["cost"]],
            [_("Tiket"), report["tickets"]["total"]],
            [_("Tiket selesai dalam 24 jam (%)"), report["tickets"]["resolved_within_24h_pct"]],
            [_("Tiket bertag (%)"), report["tickets"]["tagged_pct"]],
            [_("Rata-rata kepuasan"), report["tickets"]["satisfaction_avg"]],
            [_("Jumlah respons survei"), report["tickets"]["satisfaction_responses"]],
        ]
        roi_header = [
            _("Sumber"),
            _("Prospek"),
            _("Berminat"),
            _("Mendaftar"),
            _("Daftar ulang"),
            _("Konversi (%)"),
            _("Biaya (Rp)"),
            _("Biaya per prospek"),
            _("Biaya per pendaftar"),
            _("Biaya per daftar ulang"),
        ]
        result.append(
            (
                _("ROI per sumber"),
                roi_header,
                [
                    [
                        row["label"],
                        row["leads"],
                        row["interested"],
                        row["registered"],
                        row["enrolled"],
                        row["conversion_rate"],
                        row["cost"],
                        row["cost_per_lead"],
                        row["cost_per_registrant"],
                        row["cost_per_enrolled"],
                    ]
                    for row in report["by_source"]
                ],
            )
        )
        result.append(
            (
                _("ROI per acara"),
                [
                    _("Sumber"),
                    _("Acara"),
                    _("Biaya (Rp)"),
                    _("Prospek"),
                    _("Mendaftar"),
                    _("Daftar ulang"),
                    _("Biaya per prospek"),
                    _("Biaya per pendaftar"),
                    _("Biaya per daftar ulang"),
                ],
                [
                    [
                        row["label"],
                        row["event"],
                        row["cost"],
                        row["leads"],
                        row["registered"],
                        row["enrolled"],
                        row["cost_per_lead"],
                        row["cost_per_registrant"],
                        row["cost_per_enrolled"],
                    ]
                    for row in report["by_event"]
                ],
            )
        )
    result.append(
        _activity_table(_("Aktivitas per kanal"), report["activity_by_channel"], "channel", _("Kanal"))
    )
    result.append(
        _activity_table(_("Aktivitas per sumber"), report["activity_by_source"], "source", _("Sumber"))
    )
    return result


def csv_bytes(report: dict) -> bytes:
    """Every table under its title, a blank line between (UTF-8 with BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, (title, header, rows) in enumerate(tables(report)):
        if index:
            writer.writerow([])
        writer.writerow([safe_cell(title)])
        writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(report: dict) -> bytes:
    """One sheet per table; every text cell is written as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in tables(report):
        sheet = workbook.create_sheet(_sheet_title(title))
        sheet.append([_cell(sheet, value, font=bold) for value in header])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]


def _cell(sheet, value, *, font=None):
    from openpyxl.cell import WriteOnlyCell

    value = safe_cell(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    if font is not None:
        cell.font = font
    return cell
