"""Finding a case from what a caseworker remembers, within their own organisation.

A query is split into words; a case matches when every word occurs, folded
(``pulje.folding.fold``), somewhere in its ``case_search`` text: case number (also without the
year), applicant name and e-mail, title, department, supplier name and CVR, invoice number,
payment reference. Words of three letters or more go through each engine's substring index
(migrations i21a, i21b, i21c), which on both engines hands out the organisation's cases only;
shorter words, and an engine without the index, are a ``LIKE`` over the folded text of the
organisation's rows, newest first, which stops at the first page.

The search first reads the organisation's ``RECENT`` newest rows: a common word (a surname, an
activity, a supplier's CVR) has its page there, and asking the index would read thousands of
matches across all organisations to sort out the newest. Only when the recent rows hold less
than a page is the index asked. The cases found are read with what the page shows in the same
statement, with their invoices and payments.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ColumnElement, Integer, Select, column, select, table, text
from sqlmodel import Session, col

from pulje.folding import fold, folded_positions
from pulje.models import Application, CaseSearch
from pulje.services.search_index import (
    ORGANISATION_KEY,
    CaseRecord,
    case_records,
    searchable_fields,
)
from workflows.next_step import next_step

LIMIT = 50
MAX_QUERY = 100  # characters, as the queue's search field
MAX_WORDS = 8
TRIGRAM = 3
PICK = 3  # trigrams of a word asked of the SQLite index
PROBE = 10_000  # an organisation's cases counted per trigram (beyond: all count the same)
NEARLY_AS_RARE = 2  # a further trigram is asked for when in at most 2 × the rarest's cases
MAX_KNOWN = 100_000  # trigram counts kept per engine
RECENT = 2_000  # an organisation's newest cases, read before the index is asked
# Fields every result shows; the others only where a word was found in them.
SHOWN = ("Sagsnr.", "Ansøger", "Titel", "Afdeling")
_FTS = table("case_search_fts", column("rowid", Integer))
_FTS_BY_ENGINE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_TRIGRAM_COUNTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Piece:
    """A part of a field's text as written; ``marked`` when it is part of what matched."""

    text: str
    marked: bool


@dataclass(frozen=True)
class FieldMatch:
    """One field of a case, cut into pieces so the template can mark what matched."""

    label: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class CaseMatch:
    """A case that matched: what the caseworker recognises it by, and where the words were."""

    reference: str
    state: str
    next_step: str | None
    reference_field: FieldMatch
    applicant: FieldMatch
    title: FieldMatch
    department: FieldMatch
    others: tuple[FieldMatch, ...]


@dataclass(frozen=True)
class SearchResult:
    """The newest ``LIMIT`` matching cases; ``more`` when there are further ones."""

    query: str
    words: tuple[str, ...]
    cases: tuple[CaseMatch, ...]
    more: bool


def query_words(query: str | None) -> tuple[str, ...]:
    """The folded, distinct words of ``query`` (at most ``MAX_WORDS``)."""
    return tuple(dict.fromkeys(fold(query).split()))[:MAX_WORDS]


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _has_fts(session: Session) -> bool:
    """Whether this SQLite database has the trigram index numbered by organisation (migration
    i21c; asked once per engine). Before i21c its rows were numbered by case alone, which
    would find nothing in an organisation's range: the rows are read instead."""
    engine = session.get_bind().engine
    if engine not in _FTS_BY_ENGINE:
        definition = session.execute(text(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'case_search_fts'")
        ).scalar()
        _FTS_BY_ENGINE[engine] = definition is not None and "content=''" in definition
    return _FTS_BY_ENGINE[engine]


def _organisation_rows(organisation_id: int) -> tuple[int, int]:
    """The first and last FTS5 row id an organisation's cases may have (migration i21c)."""
    first = organisation_id * ORGANISATION_KEY
    return first, first + ORGANISATION_KEY - 1


def _rarest_trigrams(session: Session, organisation_id: int,
                     words: list[str]) -> list[str]:
    """The trigrams of the words to ask the index for: each word's rarest, then the rarest
    others up to ``PICK`` (each counted in up to ``PROBE`` of the organisation's cases).

    FTS5 reads the whole list of cases of every trigram of a phrase, so a rare e-mail address
    made mostly of common trigrams ("@gmail.com") took 150 ms at national scale; its few
    rarest trigrams find the same cases in a millisecond. Every trigram of every word is in
    every match, so any of them may be asked for. The counts only choose which, so they are
    kept per engine and organisation: a common trigram is counted once, a rare one costs
    little to count.
    """
    grams = list(dict.fromkeys(w[i:i + TRIGRAM] for w in words
                               for i in range(len(w) - TRIGRAM + 1)))
    counted = _TRIGRAM_COUNTS.setdefault(session.get_bind().engine, {})
    if len(counted) > MAX_KNOWN:
        counted.clear()
    new = [g for g in grams if (organisation_id, g) not in counted]
    if new:
        probes = ", ".join(
            f"(SELECT count(*) FROM (SELECT 1 FROM case_search_fts WHERE case_search_fts "
            f"MATCH :g{i} AND rowid BETWEEN :first AND :last LIMIT {PROBE}))"
            for i in range(len(new)))
        first, last = _organisation_rows(organisation_id)
        counts = session.execute(text(f"SELECT {probes}").bindparams(
            first=first, last=last,
            **{f"g{i}": '"' + g.replace('"', '""') + '"' for i, g in enumerate(new)})).one()
        counted.update(((organisation_id, g), n) for g, n in zip(new, counts, strict=True))
    known = {g: counted[organisation_id, g] for g in grams}
    # Each word's rarest trigram (two words intersect far better than three trigrams of the
    # same word: "karen jensen"), then the rarest others up to PICK — only those nearly as
    # rare: a common trigram's list costs more to read than it narrows ("2026-0011": "202"
    # is in every case of 2020–2029).
    chosen = list(dict.fromkeys(
        min((w[i:i + TRIGRAM] for i in range(len(w) - TRIGRAM + 1)), key=known.__getitem__)
        for w in words))
    fewest = min(known[g] for g in chosen)
    chosen += [g for g in sorted(grams, key=known.__getitem__)
               if g not in chosen and known[g] <= NEARLY_AS_RARE * max(fewest, 1)]
    return chosen[:max(PICK, len(words))]


def matching(session: Session, organisation_id: int, words: tuple[str, ...], *,
             newest_first: bool = False) -> Select:
    """The ids of the organisation's cases whose search text holds every word."""
    query = select(col(CaseSearch.application_id)).where(
        col(CaseSearch.organisation_id) == organisation_id)
    newest = col(CaseSearch.application_id).desc()
    indexed = [w for w in words if len(w) >= TRIGRAM]
    grams: list[str] = []
    if session.get_bind().dialect.name == "sqlite" and indexed and _has_fts(session):
        # Even a word of common trigrams is asked of the index: the organisation's part of
        # their lists is at most its cases, and shorter to read than its rows (the recent
        # rows have already answered a word common in the organisation).
        grams = _rarest_trigrams(session, organisation_id, indexed)
    if grams:
        # The FTS5 index narrows the cases down to the organisation's (its range of row ids,
        # migration i21c) holding the words' rarest trigrams; the LIKE below then checks each
        # word whole on those few.
        match = " AND ".join('"' + g.replace('"', '""') + '"' for g in dict.fromkeys(grams))
        first, last = _organisation_rows(organisation_id)
        query = query.join(_FTS, col(CaseSearch.application_id) == _FTS.c.rowid - first).where(
            text("case_search_fts MATCH :match").bindparams(match=match),
            _FTS.c.rowid.between(first, last))
        # FTS5 hands its matches out newest first itself: a common word stops at the page.
        newest = _FTS.c.rowid.desc()
    # A word under three letters has no trigram: its LIKE is over an expression, so that
    # PostgreSQL reads the organisation's rows newest first instead of the whole GIN index.
    query = query.where(*(
        (col(CaseSearch.text) if len(w) >= TRIGRAM else col(CaseSearch.text).concat(""))
        .like(f"%{_escape_like(w)}%", escape="\\") for w in words))
    return query.order_by(newest) if newest_first else query


def _holds_words(text_column, words: tuple[str, ...]) -> list[ColumnElement[bool]]:
    return [text_column.like(f"%{_escape_like(w)}%", escape="\\") for w in words]


def _recent_matches(organisation_id: int, words: tuple[str, ...], limit: int) -> Select:
    """The newest ``limit`` matches among the organisation's ``RECENT`` newest cases."""
    recent = (select(col(CaseSearch.application_id), col(CaseSearch.text))
              .where(col(CaseSearch.organisation_id) == organisation_id)
              .order_by(col(CaseSearch.application_id).desc()).limit(RECENT).subquery())
    return (select(recent.c.application_id).where(*_holds_words(recent.c.text, words))
            .order_by(recent.c.application_id.desc()).limit(limit))


def newest_matches(session: Session, organisation_id: int, words: tuple[str, ...],
                   limit: int) -> dict[int, CaseRecord]:
    """The organisation's newest ``limit`` cases holding every word, read with their fields
    (newest first): one statement when the newest rows hold a page, else two (on SQLite a
    third when a trigram is counted for the first time)."""
    found = case_records(session, _recent_matches(organisation_id, words, limit))
    # A full page among the newest is the answer (nothing older comes before it); with less,
    # the index is asked.
    if len(found) < limit:
        found = case_records(session, matching(session, organisation_id, words,
                                               newest_first=True).limit(limit))
    return dict(sorted(found.items(), reverse=True))


def case_condition(session: Session, organisation_id: int,
                   query: str | None) -> ColumnElement[bool] | None:
    """A condition on Application for the queue's text filter, or None without words."""
    words = query_words(query)
    if not words:
        return None
    return col(Application.id).in_(matching(session, organisation_id, words))


# A page of 50 cases has some 350 fields to look for the words in, most of them names, titles,
# departments and suppliers seen before: folding them each time was a third of a search's time.
# A FieldMatch is immutable, so the same field and words give the one kept.
@lru_cache(maxsize=16_384)
def marked(label: str, original: str, words: tuple[str, ...]) -> FieldMatch:
    """``original`` cut into pieces, the places where a word occurs (folded) marked."""
    if not any(word in fold(original) for word in words):
        return FieldMatch(label, (Piece(original, False),))
    folded, spans = folded_positions(original)
    hits = [False] * len(original)
    for word in words:
        start = folded.find(word)
        while start != -1:
            for start_at, end_at in spans[start:start + len(word)]:
                hits[start_at:end_at] = [True] * (end_at - start_at)
            start = folded.find(word, start + 1)
    pieces: list[Piece] = []
    for char, hit in zip(original, hits, strict=True):
        if pieces and pieces[-1].marked == hit:
            pieces[-1] = Piece(pieces[-1].text + char, hit)
        else:
            pieces.append(Piece(char, hit))
    return FieldMatch(label, tuple(pieces))


def _is_marked(field: FieldMatch) -> bool:
    return any(piece.marked for piece in field.pieces)


def search_cases(session: Session, organisation_id: int, query: str | None, *,
                 limit: int = LIMIT) -> SearchResult:
    """The organisation's newest cases matching every word of ``query``, with what matched."""
    words = query_words(query)
    if not words:
        return SearchResult(query or "", words, (), False)
    found = list(newest_matches(session, organisation_id, words, limit + 1).values())
    more, found = len(found) > limit, found[:limit]
    cases = []
    for record in found:
        case = record.text
        cases.append(CaseMatch(
            reference=case.reference, state=record.state,
            next_step=next_step(record.state, record.invoice_states),
            reference_field=marked("Sagsnr.", case.reference, words),
            applicant=marked("Ansøger", case.applicant_name, words),
            title=marked("Titel", case.title, words),
            department=marked("Afdeling",
                              f"{case.department_number} {case.department_name}", words),
            others=tuple(field for field in (
                marked(label, original, words)
                for label, original in searchable_fields(case) if label not in SHOWN)
                if _is_marked(field))))
    return SearchResult(query or "", words, tuple(cases), more)

