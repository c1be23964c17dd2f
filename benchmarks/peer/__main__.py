"""PMB CRM and its peer DjangoCRM (`django-crm-admin` from PyPI), the same pages timed in the same run.

    DATABASE_URL=postgres://pmb@127.0.0.1:55432/pmb_peer_ours make benchmark-peer
    DATABASE_URL=... .venv/bin/python -m benchmarks.peer [--leads 100000] [--repeat 10] \
        [--peer-db postgres://.../pmb_peer] [--skip-seed] [--python /path/to/python3.12]

1. The peer gets its own Python 3.12 virtualenv (`var/peer/venv`, created when missing): Python 3.12
   is taken from --python, PEER_PYTHON, `python3.12` on PATH or pyenv (~/.pyenv/versions/3.12*).
   It installs the pinned `django-crm-admin` and the pins of benchmarks/peer/requirements.txt.
2. The peer's database (--peer-db, PEER_DATABASE_URL, or ours with `_djangocrm` appended to its name)
   is migrated with the package's fixtures and seeded by COPY (benchmarks/peer/peer_bench.py):
   --leads leads, one request each, the deals of those that got past first contact.
3. Our database (DATABASE_URL) is migrated and, when empty, seeded by benchmarks/leads_bench.py
   (--leads / 100,000 = scale) and benchmarks/inquiries_bench.py (half as many inquiries as leads).
4. Each comparable page is timed alternately, ours in this process with benchmarks.run.run_case,
   the peer's by its own Python (peer_bench.py serve, the same method: django.test.Client with
   force_login, one warm-up, --repeat timed requests, SQL counted). A Markdown table gives both
   medians, p95s, SQL queries and the ratio ours / peer per page.

Run the two sides at different sizes (e.g. ours on a 1,000,000-lead copy, the peer at 100,000) by
pointing DATABASE_URL and --peer-db at the two databases with --skip-seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PEER_PACKAGE = "django-crm-admin==3.1.0"
REQUIREMENTS = HERE / "requirements.txt"
DEFAULT_VENV = ROOT / "var" / "peer" / "venv"
PEER_PREFIX = "/en/123"  # the package's default SECRET_CRM_PREFIX, under its i18n_patterns


class PeerError(RuntimeError):
    pass


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--leads", type=int, default=100_000, help="leads seeded on each side when empty")
    parser.add_argument("--repeat", type=int, default=10, help="timed requests per page and side")
    parser.add_argument(
        "--peer-db", default=os.environ.get("PEER_DATABASE_URL", ""), help="the peer's database URL"
    )
    parser.add_argument(
        "--python", default=os.environ.get("PEER_PYTHON", ""), help="Python 3.12 for the peer"
    )
    parser.add_argument("--venv", default=str(DEFAULT_VENV), help="the peer's virtualenv")
    parser.add_argument("--skip-seed", action="store_true", help="measure what the databases hold")
    parser.add_argument("--json", default="", help="also write the results to this JSON file")
    return parser.parse_args(argv)


# -- the peer's Python and virtualenv ------------------------------------------------------------


def _is_python312(candidate: str) -> bool:
    try:
        out = subprocess.run(
            [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and out.stdout.strip() == "3.12"


def find_python312(explicit: str = "") -> str:
    """--python / PEER_PYTHON, else `python3.12` on PATH (a pyenv shim may refuse), else pyenv's 3.12.x."""
    candidates = [explicit] if explicit else []
    on_path = shutil.which("python3.12")
    if on_path:
        candidates.append(on_path)
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    found = glob.glob(os.path.join(pyenv_root, "versions", "3.12*", "bin", "python3.12"))
    candidates.extend(
        sorted(found, key=lambda p: [int(x) for x in Path(p).parts[-3].split(".") if x.isdigit()])[::-1]
    )
    for candidate in candidates:
        if _is_python312(candidate):
            return candidate
    raise PeerError(
        "Python 3.12 not found for the peer (DjangoCRM needs it): looked at "
        + (", ".join(candidates) or "`python3.12` on PATH and ~/.pyenv/versions/3.12*")
        + ". Install it (e.g. `pyenv install 3.12`) or pass --python /path/to/python3.12."
    )


def ensure_venv(venv: Path, python: str, out) -> Path:
    """Create the peer's virtualenv and install the pinned package; a stamp skips reinstalling."""
    peer_python = venv / "bin" / "python"
    stamp = venv / ".installed"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes() + PEER_PACKAGE.encode()).hexdigest()
    if peer_python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return peer_python
    if not peer_python.exists():
        out.write(f"peer: creating {venv} with {python}\n")
        out.flush()
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
    pip = [str(peer_python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    out.write(f"peer: installing {PEER_PACKAGE} and its pinned requirements\n")
    out.flush()
    subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)
    # --no-deps: its metadata pins mysqlclient, which needs a C build and MySQL headers and is not
    # used on PostgreSQL; everything else it needs is pinned in requirements.txt.
    subprocess.run([*pip, "--no-deps", PEER_PACKAGE], check=True)
    stamp.write_text(wanted + "\n")
    return peer_python


# -- databases ------------------------------------------------------------------------------------


def peer_db_default(ours: str) -> str:
    parsed = urlparse(ours)
    return urlunparse(parsed._replace(path=parsed.path.rstrip("/") + "_djangocrm"))


def ensure_database(url: str, out) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = urlunparse(parsed._replace(path="/postgres"))
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                out.write(f"creating database {name}\n")
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


class Peer:
    """The peer's side: its Python running benchmarks/peer/peer_bench.py against its database."""

    def __init__(self, python: Path, database_url: str) -> None:
        self.python = str(python)
        media = ROOT / "var" / "peer" / "media"
        media.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "PEER_DATABASE_URL": database_url,
            "PEER_MEDIA_ROOT": str(media),
            "PYTHONPATH": str(HERE),
            "DJANGO_SETTINGS_MODULE": "peer_settings",
        }
        self.env.pop("DATABASE_URL", None)
        self.server: subprocess.Popen | None = None

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [self.python, str(HERE / "peer_bench.py"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise PeerError(f"peer_bench.py {' '.join(args)} failed:\n{done.stderr[-4000:]}")
        return done.stdout

    def start(self) -> None:
        self.server = subprocess.Popen(
            [self.python, str(HERE / "peer_bench.py"), "serve"],
            env=self.env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def measure(self, case: dict) -> dict:
        assert self.server is not None and self.server.stdin and self.server.stdout
        self.server.stdin.write(json.dumps(case) + "\n")
        self.server.stdin.flush()
        line = self.server.stdout.readline()
        if not line:
            raise PeerError("the peer's benchmark process ended unexpectedly")
        return json.loads(line)

    def stop(self) -> None:
        if self.server is not None:
            if self.server.stdin:
                self.server.stdin.close()
            self.server.wait(timeout=60)


# -- our side ------------------------------------------------------------------------------------


def prepare_ours(leads: int, skip_seed: bool, out) -> dict:
    from benchmarks.run import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise PeerError(
            "Set DATABASE_URL to a PostgreSQL database for our side (the peer runs on PostgreSQL)."
        )
    call_command("migrate", interactive=False, verbosity=0)
    from benchmarks import inquiries_bench, leads_bench

    if not skip_seed:
        for name, module, scale in (
            ("leads", leads_bench, leads / leads_bench.LEADS),
            ("inquiries", inquiries_bench, leads / 2 / inquiries_bench.INQUIRIES),
        ):
            if module.is_seeded():
                continue
            started = time.perf_counter()
            module.seed(scale=scale, stdout=out)
            out.write(f"ours: {name} seeded in {time.perf_counter() - started:.1f} s\n")
    from inquiries.models import Inquiry
    from leads.models import Lead

    lead = leads_bench._sample_lead()
    if lead is None:
        raise PeerError("our database holds no benchmark leads: run without --skip-seed")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    return {
        "leads": Lead.objects.count(),
        "inquiries": Inquiry.objects.count(),
        "sample_lead": lead.pk,
        "sample_phone": lead.phone,
        "database": connection.settings_dict.get("NAME"),
        "server": version,
    }


def pairs(ours: dict, peer: dict, today: dt.date) -> list[dict]:
    """The comparable pages: (name, our case, the peer's case)."""
    last_month_day = today.replace(day=1) - dt.timedelta(days=1)
    month = f"{last_month_day.year}-{last_month_day.month:02d}"
    year = f"from={(today - dt.timedelta(days=364)).isoformat()}&to={today.isoformat()}"
    lead_list = f"{PEER_PREFIX}/crm/lead/"
    # A manager's list shows their own leads unless owner=all: every peer case asks for all leads,
    # as our Admin Marketing sees all of them.
    ours_phone = "0" + ours["sample_phone"][3:9]  # typed the local way, 08…; our search normalises it
    peer_phone = peer["sample_phone"][3:9]  # the peer matches the stored text, +62…, as a substring
    dashboard = {"username": "bench_kadiv", "path": f"/reports/?month={month}"}
    rows = [
        ("lead list", {"path": "/leads/"}, {"path": f"{lead_list}?owner=all"}),
        ("lead list, page 40", {"path": "/leads/?page=40"}, {"path": f"{lead_list}?owner=all&p=40"}),
        (
            "lead search: name",
            {"path": "/leads/?q=rahmawati"},
            {"path": f"{lead_list}?owner=all&q=rahmawati"},
        ),
        (
            "lead search: phone",
            {"path": f"/leads/?q={ours_phone}"},
            {"path": f"{lead_list}?owner=all&q={peer_phone}"},
        ),
        (
            "lead search: school",
            {"path": "/leads/?q=Bench+12+Tanjungpinang"},
            {"path": f"{lead_list}?owner=all&q=Bench+12+Tanjungpinang"},
        ),
        (
            "lead list, theirs at our 25 rows a page",
            {"path": "/leads/"},
            {"path": f"{lead_list}?owner=all", "per_page": 25},
        ),
        (
            "lead search: name, theirs at 25 rows a page",
            {"path": "/leads/?q=rahmawati"},
            {"path": f"{lead_list}?owner=all&q=rahmawati", "per_page": 25},
        ),
        (
            "lead page (theirs: change form)",
            {"path": f"/leads/{ours['sample_lead']}/"},
            {"path": f"{lead_list}{peer['sample_lead']}/change/"},
        ),
        (
            f"report: our dashboard, month {month} / their conversion summary (365 days)",
            dashboard,
            {"path": f"{PEER_PREFIX}/analytics/conversionstat/?owner=all"},
        ),
        (
            "report: our dashboard, last 365 days / their conversion summary (365 days)",
            {"username": "bench_kadiv", "path": f"/reports/?{year}"},
            {"path": f"{PEER_PREFIX}/analytics/conversionstat/?owner=all"},
        ),
        (
            f"report: our dashboard, month {month} / their lead source summary",
            dashboard,
            {"path": f"{PEER_PREFIX}/analytics/leadsourcestat/"},
        ),
        (
            f"report: our dashboard, month {month} / their sales funnel (365 days)",
            dashboard,
            {"path": f"{PEER_PREFIX}/analytics/salesfunnel/?owner=all"},
        ),
    ]
    return [
        {
            "name": name,
            "ours": {"name": name, "username": "bench_marketing", "method": "get", **our_case},
            "peer": {"name": name, "username": "bench_manager", **peer_case},
        }
        for name, our_case, peer_case in rows
    ]


def _queries(result: dict) -> str:
    if result.get("queries") == result.get("queries_min"):
        return str(result.get("queries"))
    return f"{result.get('queries_min')}-{result.get('queries')}"


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def main(argv=None) -> int:
    args = parse_args(argv)
    out = sys.stdout
    ours_db = os.environ.get("DATABASE_URL", "")
    if not ours_db.startswith(("postgres://", "postgresql://")):
        print(
            "Set DATABASE_URL to a PostgreSQL database for our side, e.g. "
            "DATABASE_URL=postgres://pmb@127.0.0.1:55432/pmb_peer_ours make benchmark-peer",
            file=sys.stderr,
        )
        return 2
    peer_db = args.peer_db or peer_db_default(ours_db)
    try:
        python = find_python312(args.python)
        peer_python = ensure_venv(Path(args.venv), python, out)
        ensure_database(ours_db, out)
        ensure_database(peer_db, out)
        peer = Peer(peer_python, peer_db)
        out.write("peer: migrate and fixtures\n")
        out.flush()
        peer.run("setup")
        if not args.skip_seed:
            out.write(peer.run("seed", "--leads", str(args.leads)))
        peer_info = json.loads(peer.run("info"))
        if not peer_info.get("sample_lead"):
            raise PeerError("the peer's database holds no benchmark leads: run without --skip-seed")
        ours_info = prepare_ours(args.leads, args.skip_seed, out)
    except (PeerError, subprocess.CalledProcessError) as exc:
        print(f"benchmark-peer: {exc}", file=sys.stderr)
        return 1

    from benchmarks.run import run_case

    today = dt.date.today()
    started_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = _loadavg()
    peer.start()
    results = []
    try:
        for pair in pairs(ours_info, peer_info, today):
            ours = run_case(pair["ours"], args.repeat)
            theirs = peer.measure({**pair["peer"], "repeat": args.repeat})
            if "error" in theirs:
                raise PeerError(f"peer case {pair['name']} failed: {theirs['error']}")
            results.append(
                {"name": pair["name"], "ours_path": pair["ours"]["path"], "ours": ours, "peer": theirs}
            )
            out.write(f"  measured: {pair['name']}\n")
            out.flush()
    except PeerError as exc:
        print(f"benchmark-peer: {exc}", file=sys.stderr)
        return 1
    finally:
        peer.stop()
    load_after = _loadavg()

    out.write(
        f"\n{started_at}; load average {load_before} before, {load_after} after; {args.repeat} timed requests "
        "per page and side after one warm-up, in-process server time (django.test.Client).\n"
        f"Ours: PMB CRM on {ours_info['server']}, database {ours_info['database']}: {ours_info['leads']:,} leads, "
        f"{ours_info['inquiries']:,} inquiries.\n"
        f"Peer: {peer_info['package']} (Django {peer_info['django']}, Python {peer_info['python']}), database "
        f"{urlparse(peer_db).path.lstrip('/')}: {peer_info['leads']:,} leads, {peer_info['requests']:,} requests, "
        f"{peer_info['deals']:,} deals.\n"
        "Rows per list page: ours 25; DjangoCRM 100 as shipped (its admin's list_per_page) unless the row says 25.\n\n"
    )
    out.write(
        "| page | ours median ms (p95) | ours SQL | DjangoCRM median ms (p95) | DjangoCRM SQL | ours / DjangoCRM |\n"
        "|---|---|---|---|---|---|\n"
    )
    for row in results:
        ours, theirs = row["ours"], row["peer"]
        ratio = ours["median"] / theirs["median"] if theirs["median"] else float("inf")
        statuses = (
            ""
            if ours["status"] == theirs["status"] == 200
            else f" (HTTP {ours['status']}/{theirs['status']})"
        )
        out.write(
            f"| {row['name']}{statuses} | {ours['median']:.1f} ({ours['p95']:.1f}) | {_queries(ours)} | "
            f"{theirs['median']:.1f} ({theirs['p95']:.1f}) | {_queries(theirs)} | {ratio:.2f} |\n"
        )
    out.write("\nPaths (ours | DjangoCRM):\n")
    for row in results:
        out.write(f"- {row['name']}: `{row['ours_path']}` | `{row['peer']['path']}`\n")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "started_at": started_at,
                    "load_before": load_before,
                    "load_after": load_after,
                    "repeat": args.repeat,
                    "ours": ours_info,
                    "peer": peer_info,
                    "results": results,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
