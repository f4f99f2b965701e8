"""The yearly report of the hand-computed 2025 ledger: the board's questions, and a PDF whose
totals equal the sums of its own rows (read back with pypdf) and the figures of ``pulje pool``."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from pulje.services.year_report import build_year_report, durations
from reports.yearly import build_year_report_pdf

KR = 100
D = date
AMOUNT = r"-?[\d.]+,\d\d kr\."


def kroner(text: str) -> int:
    """'15.000,00 kr.' -> 1_500_000 øre."""
    return int(text.replace(" kr.", "").replace(".", "").replace(",", ""))


def pdf_lines(pdf: bytes) -> list[str]:
    """The PDF's text line by line as laid out; table cells stay apart by two or more spaces."""
    lines = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines += [line.replace("\xa0", " ").strip()
                  for line in page.extract_text(extraction_mode="layout").splitlines()
                  if line.strip()]
    return lines


def section(lines: list[str], heading: str, end: str) -> list[str]:
    start = next(i for i, line in enumerate(lines) if " ".join(line.split()) == heading)
    stop = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(end))
    return lines[start + 1 : stop + 1]


def numbers(line: str) -> list[int]:
    """The counts and amounts in a table line's cells after the first (amounts in øre)."""
    cells = re.split(r"\s{2,}", line.strip())[1:]
    found = [" ".join(cell.split()) for cell in cells
             if re.fullmatch(rf"{AMOUNT}|\d[\d.]*", " ".join(cell.split()))]
    return [kroner(v) if v.endswith("kr.") else int(v.replace(".", "")) for v in found]


def test_the_report_answers_the_boards_questions(session, ledger):
    report = build_year_report(session, ledger, D(2026, 2, 1))
    this = report.this
    assert this.as_of == D(2025, 12, 31) and this.final
    assert report.since["paid"] == 15_000 * KR and report.since["committed"] == -15_000 * KR
    assert dict(report.released_by_cause) == {"closed": 2_000 * KR, "lapsed": 5_000 * KR,
                                              "withdrawn": 4_000 * KR}
    months = {m.label: m for m in report.months}
    assert len(report.months) == 12
    assert (months["december"].grants, months["december"].granted) == (1, 15_000 * KR)
    assert months["april"].paid == 8_000 * KR
    assert sum(m.paid for m in report.months) == this.money["paid"]  # January's is "siden"
    assert sum(m.received for m in report.months) == this.received == 6
    # The open grant at year end is B, due three months after its activity.
    [open_grant] = report.open_grants
    assert (open_grant.reference, open_grant.remaining, open_grant.deadline,
            open_grant.overdue) == ("2025-0002", 15_000 * KR, D(2026, 4, 3), False)
    # Decision days 7, 25, 9, 7, 9; first payment 50 days after the grant (A only by 31.12).
    assert (this.decision_days.cases, this.decision_days.median) == (5, 9.0)
    assert this.decision_days.p90 == 18.6
    assert (this.payment_days.cases, this.payment_days.median) == (1, 50.0)
    assert report.rejections == (("Uden for formålet.", 1),)
    purposes = {p.label: p for p in report.purposes}
    assert purposes["Ønskes igangsat med et kortere varsel"].cases == 1
    assert report.purpose_cases == 6  # every case ticks "på tværs"; C ticks two
    assert [g.reference for g in report.appendix] == [
        "2025-0001", "2025-0002", "2025-0003", "2025-0005"]


def test_the_running_year_is_provisional_and_lists_overdue_grants_first(session, ledger):
    report = build_year_report(session, ledger, D(2025, 12, 31))
    assert report.since is None and report.this.final
    mid = build_year_report(session, ledger, D(2025, 7, 5))
    assert not mid.this.final and mid.since is None
    assert len(mid.months) == 7
    # C's invoice deadline (01.07) has passed, though it lapses only in October.
    assert [(g.reference, g.overdue) for g in mid.open_grants] == [("2025-0003", True)]
    summer = build_year_report(session, ledger, D(2025, 3, 20))
    assert [(g.reference, g.overdue) for g in summer.open_grants] == [
        ("2025-0001", False), ("2025-0003", False)]


def test_durations_median_and_90th_percentile():
    assert durations([]).median is None
    assert durations([4]).p90 == 4.0
    assert (durations([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).median,
            durations([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).p90) == (5.5, 9.1)


def test_the_pdf_totals_equal_the_sums_of_its_own_rows(session, ledger):
    pdf = build_year_report_pdf(build_year_report(session, ledger, D(2026, 2, 1)))
    lines = pdf_lines(pdf)
    assert any("Tallene er pr. 31. december 2025." in " ".join(line.split()) for line in lines)
    # Resumé: udbetalt + bundet + ledigt = puljen i alt, in each of the three columns.
    summary = section(lines, "Resumé", "Puljen i alt")
    rows = {re.split(r"\s{2,}", line)[0]: numbers(line) for line in summary}
    parts = [numbers(line) for line in summary
             if line.startswith(("Udbetalt", "Bundet i åbne bevillinger", "Ledigt"))]
    total = numbers(summary[-1])
    assert total == [100_000 * KR, 0, 100_000 * KR]
    assert [sum(column) for column in zip(*parts, strict=True)] == total
    assert rows["Udbetalt"] == [8_000 * KR, 15_000 * KR, 23_000 * KR]
    # Bevilget = udbetalt + bundet + frigivet by cause.
    granted = section(lines, "Bevilget og frigivet", "Bevilget  ")
    amounts = [numbers(line)[0] for line in granted[1:-1]]
    assert sum(amounts) == numbers(granted[-1])[0] == 34_000 * KR
    # Months, departments and states: every total row is the sum of the rows above it.
    for heading, last in (("Måned for måned", "I alt"), ("Afdelinger", "I alt"),
                          ("Ansøgninger efter status pr. 31.12.2025", "I alt")):
        block = section(lines, heading, last)
        body = [numbers(line) for line in block[1:-1] if numbers(line)]
        assert [sum(column) for column in zip(*body, strict=True)] == numbers(block[-1]), heading
    # The appendix's sentence sums its rows too.
    text = " ".join(" ".join(line.split()) for line in lines)
    appendix = text[text.index("Bilag: Alle bevillinger 2025"):]
    assert ("I alt 4 bevillinger med 320 forventede deltagere; 0 med afrapportering; "
            "bevilget 34.000,00 kr., udbetalt 8.000,00 kr.") in appendix


def test_purposes_overlap_and_are_never_summed(session, ledger):
    lines = pdf_lines(build_year_report_pdf(build_year_report(session, ledger, D(2026, 2, 1))))
    block = section(lines, "Formål", "En sag kan have flere formål")
    assert not any(line.startswith("I alt") for line in block)
    text = " ".join(" ".join(line.split()) for line in lines)
    assert "rækkerne overlapper og lægges ikke sammen. 6 forskellige sager" in text


def test_the_report_and_pulje_pool_agree_on_the_demo(demo_cli, tmp_path):
    pdf = tmp_path / "y.pdf"
    demo_cli("report", "year", "2025", "-o", pdf, "--today", "2026-11-29")
    out = demo_cli("pool", "2025", "--as-of", "2025-12-31")
    assert "Puljen 2025 (pr. 31.12.2025):" in out
    figures = {label.strip(): kroner(value.replace("\xa0", " ")) for label, value in re.findall(
        r"([a-zæøå ]+) ([\d.]+,\d\d\xa0kr\.)", out.split(":", 1)[1])}
    lines = pdf_lines(pdf.read_bytes())
    summary = section(lines, "Resumé", "Puljen i alt")
    for label in ("udbetalt", "bundet i åbne bevillinger", "ledigt", "puljen i alt"):
        line = next(line for line in summary if line.lower().startswith(label + "  "))
        assert numbers(line)[0] == figures[label], label
    granted = section(lines, "Bevilget og frigivet", "Bevilget  ")
    assert numbers(granted[-1])[0] == figures["bevilget"]
    provisional = demo_cli("pool", "2026", "--as-of", "2026-11-29")
    assert "Puljen 2026 (foreløbig pr. 29.11.2026):" in provisional
