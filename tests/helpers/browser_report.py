"""The browser tests' closing summary: axe-core's remaining findings and the screenshot folder.

The browser tests run in one pytest-xdist worker (their server and Chromium are per session);
a worker has no terminal, so it hands its findings to the controller (``workeroutput``), which
prints the summary once, as a run without xdist does.
"""

from __future__ import annotations

import pytest

FINDINGS = pytest.StashKey[list]()
SHOTS = pytest.StashKey[object]()
OUTPUT_KEY = "pulje_browser_report"


def hand_to_controller(config: pytest.Config) -> None:
    """In an xdist worker: pass the findings and the folder on to the controller."""
    if hasattr(config, "workeroutput") and (FINDINGS in config.stash or SHOTS in config.stash):
        findings = config.stash.get(FINDINGS, None)
        folder = config.stash.get(SHOTS, None)
        config.workeroutput[OUTPUT_KEY] = {
            "findings": None if findings is None else [str(f) for f in findings],
            "folder": None if folder is None else str(folder)}


def take_from_worker(config: pytest.Config, workeroutput: dict) -> None:
    """On the controller: keep what a finished worker handed over."""
    report = workeroutput.get(OUTPUT_KEY)
    if report is None:
        return
    if report["findings"] is not None:
        config.stash.setdefault(FINDINGS, []).extend(report["findings"])
    if report["folder"] is not None:
        config.stash[SHOTS] = report["folder"]


def write_summary(terminalreporter, config: pytest.Config) -> None:
    findings = config.stash.get(FINDINGS, None)
    folder = config.stash.get(SHOTS, None)
    if findings is None and folder is None:
        return
    terminalreporter.section("browser: accessibility and screenshots")
    if findings is not None:
        if findings:
            terminalreporter.write_line(f"axe-core findings ({len(findings)}):")
            for finding in findings:
                terminalreporter.write_line(f"  {finding}")
        else:
            terminalreporter.write_line("axe-core: no violations on any audited page.")
    if folder is not None:
        terminalreporter.write_line(f"screenshots: {folder}")
