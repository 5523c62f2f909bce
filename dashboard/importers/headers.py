"""Header matching: normalised names and per-kind alias tables (English, German, some French).

`normalise("Fix Version/s") == "fixversions"`: case, accents, spaces, underscores and punctuation are
ignored. Kinds register their fields with `register_aliases(kind, {field: [aliases...]})` and find
columns with `match_columns(header, kind)`; repeated headers (Jira's `Sprint` x16) all map to the
same field, in order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z%]+")

ALIASES: dict[str, dict[str, list[str]]] = {}


def normalise(name: object) -> str:
    """Lower case, no accents, no spaces/underscores/punctuation (`%` kept: it carries meaning)."""
    text = "" if name is None else str(name)
    text = text.replace("ß", "ss").casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NON_ALNUM.sub("", text)


def register_aliases(kind: str, fields: dict[str, Iterable[str]]) -> None:
    """Add accepted column names for a kind's fields (the field name itself is always accepted)."""
    table = ALIASES.setdefault(kind, {})
    for field, names in fields.items():
        known = table.setdefault(field, [])
        for name in [field, *names]:
            key = normalise(name)
            if key and key not in known:
                known.append(key)


def field_for(header: object, kind: str) -> str | None:
    """The field of `kind` a header cell names, or None."""
    key = normalise(header)
    if not key:
        return None
    for field, names in ALIASES.get(kind, {}).items():
        if key in names:
            return field
    return None


def match_columns(header: Sequence[object], kind: str) -> dict[str, list[int]]:
    """Field -> column indexes (several for repeated headers), for every recognised header cell."""
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        field = field_for(cell, kind)
        if field:
            found.setdefault(field, []).append(index)
    return found


def header_signature(header: Sequence[object], kind: str = "") -> str:
    """A stable hash of a header row (normalised), used to remember a user's column choices."""
    import hashlib

    text = kind + "|" + "|".join(normalise(h) for h in header)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Shared vocabulary: the time axis. Kinds may reuse it.
DATE_ALIASES = [
    "date", "datum", "tag", "day", "week", "woche", "month", "monat", "period", "zeitraum", "periode",
    "stichtag", "reporting date", "report date", "day index", "dagindex", "datumsindex", "jour", "semaine",
    "mois", "week starting", "week start", "kw", "kalenderwoche", "nth day", "timestamp", "zeit", "time",
]
TOTAL_WORDS = {
    "total", "totals", "grandtotal", "summe", "gesamt", "gesamtsumme", "insgesamt", "sum", "totaal",
    "somme", "gesamtergebnis", "ergebnis", "overall", "alle", "all",
}


def is_total_label(value: object) -> bool:
    """True for a cell that labels a totals row (`Total`, `Summe`, `Gesamt`, ...)."""
    return isinstance(value, str) and len(value) <= 40 and _total_text(value)


@lru_cache(maxsize=8192)
def _total_text(value: str) -> bool:
    return normalise(value) in TOTAL_WORDS
