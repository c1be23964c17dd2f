"""The dashboard's period picker (pure): a day, an ISO week, a month, a from/to range or a preset,
resolved against `today` in the office zone, with the period before it to compare with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from reports.periods import (
    BadPeriod,
    Period,
    day_period,
    month_period,
    previous_period,
    week_label,
    week_period,
)

PRESETS = ("today", "this_week", "last_week", "this_month", "last_30_days")
DEFAULT_PRESET = "this_month"
# Longer ranges are refused: a multi-year funnel is not a dashboard question, and it bounds the queries.
MAX_RANGE_DAYS = 366
EARLIEST = date(2000, 1, 1)
# Ranges longer than this are charted per ISO week instead of per day.
DAILY_BUCKET_MAX_DAYS = 62


@dataclass(frozen=True)
class Choice:
    """The resolved period: its kind (day, week, month, range), bounds and the one before it."""

    kind: str
    period: Period
    previous: Period
    preset: str = ""

    @property
    def days(self) -> int:
        return (self.period.last_day - self.period.first_day).days + 1

    @property
    def bucket(self) -> str:
        return "day" if self.days <= DAILY_BUCKET_MAX_DAYS else "week"


def _range(first: date, last: date, tz: ZoneInfo) -> Period:
    return Period(f"{first.isoformat()}..{last.isoformat()}", first, last, tz)


def previous_of(period: Period) -> Period:
    """The reports' one definition (reports.periods.previous_period): the day, ISO week or calendar
    month before; for a from/to range, the range of the same length ending the day before."""
    return previous_period(period)


def _preset(name: str, today: date, tz: ZoneInfo) -> tuple[str, Period]:
    if name == "today":
        return "day", day_period(today.isoformat(), tz)
    if name == "this_week":
        return "week", week_period(week_label(today), tz)
    if name == "last_week":
        return "week", week_period(week_label(today - timedelta(days=7)), tz)
    if name == "this_month":
        return "month", month_period(f"{today.year}-{today.month:02d}", tz)
    if name == "last_30_days":
        return "range", _range(today - timedelta(days=29), today, tz)
    raise BadPeriod(_("Pilihan periode tidak dikenal: %(value)s") % {"value": name})


def _parse_date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadPeriod(
            _("Tanggal tidak dapat dibaca: %(value)s (format TTTT-BB-HH)") % {"value": value}
        ) from exc


def _check_bounds(period: Period, today: date) -> None:
    latest = today + timedelta(days=366)
    if period.first_day < EARLIEST or period.last_day > latest:
        raise BadPeriod(
            _("Periode harus berada antara %(earliest)s dan %(latest)s.")
            % {"earliest": EARLIEST, "latest": latest}
        )
    if period.last_day < period.first_day:
        raise BadPeriod(_("Tanggal awal tidak boleh sesudah tanggal akhir."))
    if (period.last_day - period.first_day).days + 1 > MAX_RANGE_DAYS:
        raise BadPeriod(_("Rentang paling panjang %(days)s hari.") % {"days": MAX_RANGE_DAYS})


def choose(params, *, today: date, tz: ZoneInfo, daily_only: bool = False) -> Choice:
    """Resolve the query string: preset, week, month, from/to, date (first one given wins).

    Raises BadPeriod for a value that cannot be parsed or lies out of range; `daily_only` (Admin Media
    Sosial) accepts a day or the `today` preset only.
    """
    kind, period, preset = _resolve(params, today=today, tz=tz, daily_only=daily_only)
    _check_bounds(period, today)
    return Choice(kind=kind, period=period, previous=previous_of(period), preset=preset)


def _parsed(parse, value: str, tz: ZoneInfo, message: str) -> Period:
    """The shared parsers (reports.periods) explain in English for the API; the page speaks Indonesian."""
    try:
        return parse(value.strip(), tz)
    except BadPeriod as exc:
        raise BadPeriod(message % {"value": value}) from exc


def _resolve(params, *, today: date, tz: ZoneInfo, daily_only: bool) -> tuple[str, Period, str]:
    get = params.get
    preset = (get("preset") or "").strip()
    if preset:
        if daily_only and preset != "today":
            raise BadPeriod(_("Hanya laporan harian (satu tanggal) yang dapat dipilih."))
        kind, period = _preset(preset, today, tz)
    elif daily_only and any(get(key) for key in ("week", "month", "from", "to")):
        raise BadPeriod(_("Hanya laporan harian (satu tanggal) yang dapat dipilih."))
    elif get("week"):
        kind, period = (
            "week",
            _parsed(week_period, get("week"), tz, _("Minggu tidak dapat dibaca: %(value)s")),
        )
    elif get("month"):
        kind, period = (
            "month",
            _parsed(month_period, get("month"), tz, _("Bulan tidak dapat dibaca: %(value)s")),
        )
    elif get("from") or get("to"):
        first = _parse_date((get("from") or "").strip(), "from")
        last = _parse_date((get("to") or "").strip(), "to")
        kind, period = ("day", day_period(first.isoformat(), tz)) if first == last else ("range", None)
        if period is None:
            period = _range(first, last, tz)
    elif get("date"):
        kind, period = "day", day_period(_parse_date(get("date").strip(), "date").isoformat(), tz)
    else:
        preset = "today" if daily_only else DEFAULT_PRESET
        kind, period = _preset(preset, today, tz)
    return kind, period, preset
