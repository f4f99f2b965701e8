"""One clock: every step records the day it is told (``--today``, a service's ``today``), and
nothing in the product reads the system clock except pulje/clock.py."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import create_engine, text

from pulje import clock

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "ansoegning.toml"
PRODUCT = ("pulje", "workflows", "forms", "reports")
# Reading the system clock: today's date, now, or seconds since the epoch.
SYSTEM_CLOCK = re.compile(r"\b(date\.today|datetime\.(now|utcnow|today)|time\.time)\s*\(|"
                          r"default=date\.today\b")


def test_only_the_clock_module_reads_the_system_clock():
    hits = []
    for folder in PRODUCT:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "pulje" / "clock.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if SYSTEM_CLOCK.search(line):
                    hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert hits == [], "read the date from pulje.clock instead:\n" + "\n".join(hits)


def test_the_grep_finds_what_it_looks_for(tmp_path):
    # The pattern above must match the ways the system clock is read, or the test cannot fail.
    for line in ("x = date.today()", "datetime.now(UTC)", "datetime.utcnow()", "time.time()",
                 "paid_on = DanishDateField(default=date.today)"):
        assert SYSTEM_CLOCK.search(line), line
    assert not SYSTEM_CLOCK.search("clock.today()")


def test_a_frozen_day_is_what_now_and_today_say():
    with clock.frozen(date(2026, 11, 10)):
        assert clock.today() == date(2026, 11, 10)
        assert clock.local_date(clock.now()) == date(2026, 11, 10)
        with clock.frozen(date(2027, 3, 28)):  # the night summer time starts
            assert clock.local_date(clock.now()) == date(2027, 3, 28)
        assert clock.today() == date(2026, 11, 10)


def test_approving_with_today_records_that_day_everywhere(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PULJE_ACTOR", "mette@domi.example")  # the demo's caseworker
    cli("demo", "--today", "2026-11-01")
    reference = re.search(r"Ansøgning (\d{4}-\d{4})",
                          cli("submit", EXAMPLE, "--today", "2026-11-05")).group(1)
    cli("review", reference, "--today", "2026-11-06")
    cli("approve", reference, "8.000", "--reason", "Lydanlægget lånes.", "--today", "2026-11-10")
    engine = create_engine(f"sqlite:///{tmp_path / 'cli.sqlite'}")
    with engine.connect() as connection:
        case_id, submitted, decided = connection.execute(text(
            "SELECT id, submitted_at, decided_at FROM application WHERE reference = :r"),
            {"r": reference}).one()
        entries = connection.execute(text(
            "SELECT action, at FROM audit_entry WHERE application_id = :id ORDER BY id"),
            {"id": case_id}).all()
    engine.dispose()
    assert (str(submitted)[:10], str(decided)[:10]) == ("2026-11-05", "2026-11-10")
    assert [(action, str(at)[:10]) for action, at in entries] == [
        ("submit", "2026-11-05"), ("start_review", "2026-11-06"), ("approve", "2026-11-10")]
    letter = tmp_path / "tilsagn.pdf"
    cli("report", "letter", reference, "-o", letter)
    shown = "".join(page.extract_text() for page in PdfReader(letter).pages)
    assert "Tilsagnet er givet den 10. november 2026" in shown
    assert "30. november 2026" not in shown
