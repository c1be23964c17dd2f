"""Import benchmark (issue 13 item 2): write a CSV of N rows, then time `manage.py import_leads` on it
under `/usr/bin/time -v` (wall time and peak resident memory of the whole process).

    DATABASE_URL=postgres://pmb@127.0.0.1:55432/pmb_import \\
        .venv/bin/python -m benchmarks.import_bench --rows 100000 --rows 1000000

The rows are realistic: 2 % repeat an earlier row's phone (merged within the file), 1 % are
rejected (no contact or a bad number), a third carry consent, 200 schools. Every run imports into
the database given by DATABASE_URL and leaves its leads there (use a scratch database); `--keep`
keeps the generated CSV files in var/bench/.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = [
    "full_name",
    "phone",
    "whatsapp",
    "email",
    "institution",
    "city",
    "program",
    "track",
    "temperature",
    "source",
    "source_detail",
    "obtained_at",
    "consent",
]
FIRST = ["Siti", "Budi", "Putri", "Agus", "Dewi", "Rizky", "Nur", "Andi", "Ayu", "Fajar"]
LAST = ["Aminah", "Santoso", "Lestari", "Pratama", "Wulandari", "Saputra", "Hidayat", "Rahmawati"]


def bench_rows(rows: int, *, offset: int):
    """`rows` data rows; phone numbers start at `offset` so that runs do not collide."""
    for i in range(rows):
        n = offset + i
        if i % 100 == 99:  # rejected: no contact at all, or a number too short
            phone, email = ("", "") if i % 200 == 199 else ("0812-12", "")
        elif i % 50 == 49:  # the same phone as the row before: merged within the file
            phone, email = f"0878{offset + i - 1:08d}", f"lagi.{n}@contoh.sch.id"
        else:
            phone, email = f"0878{n:08d}", f"calon.{n}@contoh.sch.id"
        yield [
            f"{FIRST[n % len(FIRST)]} {LAST[(n // 10) % len(LAST)]} {n}",
            phone,
            "",
            email,
            f"SMA Bench {n % 200}",
            "Batam",
            "",
            "regular",
            "warm",
            "exhibition",
            "Pameran Bench",
            "2026-01-10",
            "ya" if n % 3 == 0 else "",
        ]


def write_csv(path: Path, rows: int, *, offset: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(bench_rows(rows, offset=offset))


def write_xlsx(path: Path, rows: int, *, offset: int) -> None:
    from openpyxl import Workbook

    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(COLUMNS)
    for row in bench_rows(rows, offset=offset):
        sheet.append(row)
    workbook.save(path)


class ServerCpu:
    """CPU seconds of this database's PostgreSQL backends while the import runs (read from /proc:
    the server is on this machine), so that the figures separate our work from the machine's load."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        import psycopg2

        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            return
        connection = psycopg2.connect(url)
        connection.autocommit = True
        ticks = os.sysconf("SC_CLK_TCK")
        with connection.cursor() as cursor:
            while not self.stop.is_set():
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                for (pid,) in cursor.fetchall():
                    try:
                        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    self.seen[pid] = (int(fields[11]) + int(fields[12])) / ticks
                self.stop.wait(0.2)
        connection.close()

    def __enter__(self) -> ServerCpu:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


def time_import(path: Path) -> dict[str, str]:
    """Run import_leads on `path` under /usr/bin/time -v; returns its figures and summary line."""
    # Production-like: DEBUG off (no query log), so SECRET_KEY and DATABASE_URL must be set.
    env = {"SECRET_KEY": "benchmark-only-secret-key", **os.environ, "DEBUG": "0"}
    # GNU time (Debian package "time") reports the peak; without it the kernel's figure for waited
    # children (getrusage) is the same number.
    gnu_time = Path("/usr/bin/time").exists()
    command = [sys.executable, "manage.py", "import_leads", str(path)]
    if gnu_time:
        command = ["/usr/bin/time", "-v", *command]
    load = Path("/proc/loadavg").read_text().split()[:3]
    started = time.perf_counter()
    with ServerCpu() as server:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"import_leads failed ({result.returncode}):\n{result.stderr[-3000:]}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    peak_kb = int(peak.group(1)) if peak else resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr)
    user = re.search(r"User time \(seconds\): ([\d.]+)", result.stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", result.stderr)
    return {
        "wall_s": f"{wall:.1f}",
        "elapsed": elapsed.group(1) if elapsed else f"{wall:.1f}s",
        "measured_by": "time -v" if gnu_time else "getrusage",
        "cpu_s": f"{float(user.group(1)) + float(system.group(1)):.1f}" if user and system else "?",
        "server_cpu_s": f"{server.seconds:.1f}" if server.seen else "n/a",
        "peak_rss_mb": f"{peak_kb / 1024:.0f}",
        "summary": result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "",
        "load": " ".join(load),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, action="append", help="rows per file (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--xlsx", action="store_true", help="write XLSX files instead of CSV")
    args = parser.parse_args(argv)
    sizes = args.rows or [100_000]
    offset = int(time.time()) % 40 * 2_000_000  # fresh numbers per run: a rerun creates, not merges
    for rows in sizes:
        path = ROOT / "var" / "bench" / f"import-{rows}.{'xlsx' if args.xlsx else 'csv'}"
        (write_xlsx if args.xlsx else write_csv)(path, rows, offset=offset)
        offset += rows
        size_mb = path.stat().st_size / 1e6
        figures = time_import(path)
        print(
            f"import_leads {rows:,} rows ({size_mb:.0f} MB {path.suffix[1:].upper()}): {figures['wall_s']} s wall "
            f"({figures['measured_by']} {figures['elapsed']}, importer CPU {figures['cpu_s']} s, PostgreSQL backend CPU {figures['server_cpu_s']} s), peak RSS {figures['peak_rss_mb']} MB, "
            f"load before {figures['load']} -> {figures['summary']}",
            flush=True,
        )
        if not args.keep:
            path.unlink()


if __name__ == "__main__":
    main()
