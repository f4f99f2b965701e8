"""Danish search folding: one canonical spelling for what a caseworker may type either way.

``fold`` is the only definition of "the same letters" in pulje's search: the stored search text
(``case_search``) and every query go through it, so the database only ever compares folded text
with folded text — never SQL ``lower()``, which on SQLite folds ASCII only.

The steps, in order:

1. case-insensitive for every letter (``str.casefold``: Ø→ø, Ä→ä, ß→ss);
2. æ, ø and å stay letters of their own; German ä, ö become their Danish twins æ, ø and ü
   becomes "ue" (Müller ≙ Mueller); every other accent goes (Unicode NFKD without the
   combining marks: é→e, ñ→n), and compatibility forms fold to plain letters (ﬁ→fi);
3. runs of white space become one space;
4. the Danish spellings aa ≙ å, ae ≙ æ, oe ≙ ø meet in the single letter, read left to right
   ("Aaparken" and "Åparken" are both "åparken", "Oestergaard" is "østergård").

A word folds the same wherever it stands, so a folded query is a substring of a folded text
exactly when the caseworker would say it occurs in it — up to the edges of a digraph: the
query "a" does not find the "a" inside "aa" (å), as "å" does not contain "a".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

KEEP = frozenset("æøå")
TWINS = {"ä": "æ", "ö": "ø", "ü": "ue"}
DIGRAPHS = {"aa": "å", "ae": "æ", "oe": "ø"}
_DIGRAPH = re.compile("|".join(DIGRAPHS))
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def _letter(char: str) -> str:
    """Steps 1 and 2 for one character of the original text."""
    folded = []
    for c in char.casefold():
        if c in KEEP:
            folded.append(c)
        elif c in TWINS:
            folded.append(TWINS[c])
        else:
            folded.append("".join(d for d in unicodedata.normalize("NFKD", c)
                                  if not unicodedata.combining(d)))
    return "".join(folded)


def fold(text: str | None) -> str:
    """``text`` in the canonical search spelling (see the module's docstring)."""
    if not text:
        return ""
    letters = text.casefold() if text.isascii() else "".join(map(_letter, text))
    spaced = _SPACE.sub(" ", letters).strip()
    return _DIGRAPH.sub(lambda m: DIGRAPHS[m.group()], spaced)


def folded_positions(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``fold(text)`` and, for each of its characters, the span of ``text`` it comes from.

    The same steps as ``fold``, keeping track of where each character came from, so that a
    match found in folded text can be marked in the text as it was written.
    """
    pieces: list[tuple[str, int, int]] = []
    for index, char in enumerate(text):
        for c in _letter(char):
            if not c.isspace():
                pieces.append((c, index, index + 1))
            elif pieces and pieces[-1][0] == " ":
                pieces[-1] = (" ", pieces[-1][1], index + 1)
            else:
                pieces.append((" ", index, index + 1))
    while pieces and pieces[0][0] == " ":
        pieces.pop(0)
    while pieces and pieces[-1][0] == " ":
        pieces.pop()
    merged: list[tuple[str, int, int]] = []
    i = 0
    while i < len(pieces):
        pair = pieces[i][0] + pieces[i + 1][0] if i + 1 < len(pieces) else ""
        if pair in DIGRAPHS:
            merged.append((DIGRAPHS[pair], pieces[i][1], pieces[i + 1][2]))
            i += 2
        else:
            merged.append(pieces[i])
            i += 1
    return "".join(c for c, _, _ in merged), [(start, end) for _, start, end in merged]
