"""`make benchmark-peer` without the network: finding Python 3.12 (or saying clearly that it is missing),
the peer's default database, and our side of every compared page answering at a tiny scale. Installing
and timing DjangoCRM itself needs PyPI and PostgreSQL; it is run by hand (README, Benchmark)."""

from __future__ import annotations

import datetime as dt
import io
import stat

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from benchmarks import leads_bench
from benchmarks.peer import __main__ as peer


def _fake_python(path, version: str):
    path.parent.mkdir(parents=True)
    path.write_text(f"#!/bin/sh\necho {version}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_missing_python_312_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    _fake_python(tmp_path / "pyenv" / "versions" / "3.11.7" / "bin" / "python3.12", "3.11")
    with pytest.raises(peer.PeerError, match=r"Python 3\.12 not found.*--python"):
        peer.find_python312()


def test_python_312_found_under_pyenv_newest_first(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    _fake_python(tmp_path / "pyenv" / "versions" / "3.12.1" / "bin" / "python3.12", "3.12")
    newest = _fake_python(tmp_path / "pyenv" / "versions" / "3.12.10" / "bin" / "python3.12", "3.12")
    assert peer.find_python312() == str(newest)


def test_python_312_on_path_that_refuses_falls_back_to_pyenv(tmp_path, monkeypatch):
    # A pyenv shim for a version not selected exits non-zero: it must not be taken.
    shim = tmp_path / "shims" / "python3.12"
    shim.parent.mkdir()
    shim.write_text("#!/bin/sh\necho 'pyenv: python3.12: command not found' >&2\nexit 127\n")
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", str(shim.parent))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    real = _fake_python(tmp_path / "pyenv" / "versions" / "3.12.1" / "bin" / "python3.12", "3.12")
    assert peer.find_python312() == str(real)


def test_peer_database_defaults_to_ours_with_a_suffix():
    assert (
        peer.peer_db_default("postgres://pmb@127.0.0.1:55432/pmb_bench")
        == "postgres://pmb@127.0.0.1:55432/pmb_bench_djangocrm"
    )


@pytest.mark.django_db
def test_our_side_of_every_compared_page_answers():
    leads_bench.seed(scale=0.001, stdout=io.StringIO())
    lead = leads_bench._sample_lead()
    ours = {"sample_lead": lead.pk, "sample_phone": lead.phone}
    theirs = {"sample_lead": 7, "sample_phone": "+6281200000007"}
    rows = peer.pairs(ours, theirs, dt.date(2026, 11, 22))
    assert {row["name"].split(":")[0] for row in rows} >= {
        "lead list",
        "lead search",
        "lead page (theirs",
        "report",
    }
    clients = {}
    for row in rows:
        case = row["ours"]
        if case["username"] not in clients:
            clients[case["username"]] = Client()
            clients[case["username"]].force_login(get_user_model().objects.get(username=case["username"]))
        assert clients[case["username"]].get(case["path"]).status_code == 200, row["name"]
        assert row["peer"]["path"].startswith(peer.PEER_PREFIX + "/"), row["name"]
