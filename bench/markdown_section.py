"""Where a benchmark writes its results: its own marked block in a Markdown file."""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, section: str, begin: str, end: str, body: str) -> None:
    """Put ``body`` between ``begin`` and ``end`` in ``path``; without the markers, append
    ``section`` with the block (the file's other blocks belong to other benchmarks)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = f"{text.rstrip()}\n\n{section}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")
