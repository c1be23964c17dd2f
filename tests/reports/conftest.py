"""The report tests' shared data set (three leads in ISO week 2026-W47) for every module here."""

from tests.reports.test_reports import november  # noqa: F401 - a fixture
