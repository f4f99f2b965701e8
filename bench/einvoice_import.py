"""Benchmark: how many e-invoices per second the reader gets through (parsing only, no database).

Run from the project folder: ``.venv/bin/python bench/einvoice_import.py [-n 200]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runs from a checkout without installing the package

from pulje.einvoice import EInvoiceError, parse_invoice  # noqa: E402

DATA = ROOT / "tests" / "data"
FOLDERS = ("peppol", "oioubl", "pulje", "hostile")


def machine() -> str:
    """One line naming the machine the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.platform()}; Python {platform.python_version()}; "
        f"{os.cpu_count()} CPU ({cpu})"
    )


def measure(data: bytes, rounds: int) -> tuple[float, str]:
    """Parse ``data`` ``rounds`` times; the rate per second and what the reader answered."""
    outcome = "læst"
    start = time.perf_counter()
    for _ in range(rounds):
        try:
            parse_invoice(data, accept_foreign_currency=True)
        except EInvoiceError as error:
            outcome = f"afvist ({error.kind})"
    elapsed = time.perf_counter() - start
    return rounds / elapsed if elapsed else float("inf"), outcome


def main(argv: list[str] | None = None) -> int:
    """Print invoices per second for each fixture and in total."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--rounds", type=int, default=200, help="parses per file")
    rounds = max(1, parser.parse_args(argv).rounds)
    files = [path for folder in FOLDERS for path in sorted((DATA / folder).glob("*.xml"))]
    print(f"Maskine: {machine()}")
    print(f"{rounds} gennemløb pr. fil, {len(files)} filer\n")
    seconds = {"læst": 0.0, "afvist": 0.0}
    counts = {"læst": 0, "afvist": 0}
    for path in files:
        data = path.read_bytes()
        rate, outcome = measure(data, rounds)
        kind = outcome.split()[0]
        seconds[kind] += rounds / rate
        counts[kind] += rounds
        name = f"{path.parent.name}/{path.name}"
        print(f"{name:42} {len(data) / 1024:7.1f} KB {rate:10.0f} fakturaer/s  {outcome}")
    print()
    for kind, label in (("læst", "Læste fakturaer"), ("afvist", "Afviste filer")):
        if counts[kind]:
            rate = counts[kind] / seconds[kind]
            print(f"{label}: {rate:.0f} pr. sekund ({counts[kind]} på {seconds[kind]:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
