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


def write_csv(path: Path, rows: int, *, offset: int) -> None:
    """`rows` data rows; phone numbers start at `offset` so that runs do not collide."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for i in range(rows):
            n = offset + i
            if i % 100 == 99:  # rejected: no contact at all, or a number too short
                phone, email = ("", "") if i % 200 == 199 else ("0812-12", "")
            elif i % 50 == 49:  # the same phone as the row before: merged within the file
                phone, email = f"0878{offset + i - 1:08d}", f"lagi.{n}@contoh.sch.id"
            else:
                phone, email = f"0878{n:08d}", f"calon.{n}@contoh.sch.id"
            writer.writerow(
                [
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
            )


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
    command = ["/usr/bin/time", "-v", sys.executable, "manage.py", "import_leads", str(path)]
    load = Path("/proc/loadavg").read_text().split()[:3]
    started = time.perf_counter()
    with ServerCpu() as server:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"import_leads failed ({result.returncode}):\n{result.stderr[-3000:]}")
    peak_kb = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    elapsed = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr)
    user = re.search(r"User time \(seconds\): ([\d.]+)", result.stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", result.stderr)
    return {
        "wall_s": f"{wall:.1f}",
        "elapsed": elapsed.group(1) if elapsed else "?",
        "cpu_s": f"{float(user.group(1)) + float(system.group(1)):.1f}" if user and system else "?",
        "server_cpu_s": f"{server.seconds:.1f}" if server.seen else "n/a",
        "peak_rss_mb": f"{int(peak_kb.group(1)) / 1024:.0f}" if peak_kb else "?",
        "summary": result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "",
        "load": " ".join(load),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, action="append", help="rows per file (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the generated CSV files")
    args = parser.parse_args(argv)
    sizes = args.rows or [100_000]
    offset = int(time.time()) % 40 * 2_000_000  # fresh numbers per run: a rerun creates, not merges
    for rows in sizes:
        path = ROOT / "var" / "bench" / f"import-{rows}.csv"
        write_csv(path, rows, offset=offset)
        offset += rows
        size_mb = path.stat().st_size / 1e6
        figures = time_import(path)
        print(
            f"import_leads {rows:,} rows ({size_mb:.0f} MB CSV): {figures['wall_s']} s wall "
            f"(time -v {figures['elapsed']}, importer CPU {figures['cpu_s']} s, PostgreSQL backend CPU {figures['server_cpu_s']} s), peak RSS {figures['peak_rss_mb']} MB, "
            f"load before {figures['load']} -> {figures['summary']}",
            flush=True,
        )
        if not args.keep:
            path.unlink()


if __name__ == "__main__":
    main()
