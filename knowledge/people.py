"""Whether a text names a person ("Mr Gough", "Councillor Jackie Hollywell", "Craig Pinkney") or a firm ("Ernst &
Young"): what a "who" question wants."""
from __future__ import annotations

import functools
import re
from importlib import resources


def _first_names() -> set[str]:
    """Common first names (knowledge/data/first_names.txt)."""
    text = resources.files("knowledge").joinpath("data/first_names.txt").read_text("utf-8")
    return {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}


# A person named: "Mr Gough", "Councillor Jackie Hollywell", "Teresa Callaghan (Chair)".
# Not "Domestic Abuse (SADA)" (an acronym defined) nor "Summary Table ()".
# Or a firm, which "who are the auditors?" wants: "Ernst & Young", "Mazars LLP", "Veolia Ltd".
PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Councillors?|Cllr)\.?:? [A-Z]|\b[A-Z][a-z]+ [A-Z][a-z'-]+ \((?![A-Z&]+\))[A-Z]"
                    r"|\b[A-Z][a-z]+ & [A-Z][a-z]+\b|\b[A-Z][A-Za-z]+ (?:LLP|Ltd|plc|Limited)\b"
                    r"|\b[A-Z][a-z]+ [A-Z][A-Za-z'-]+ MP\b"
                    # an organisation chart's or a report's field: "Chair: Matt Partridge", "Lead Officer – Matt Partridge"
                    r"|\b(?:Chair|Co-?\s?Chairs?|Vice[- ]Chair|Officer|Authors?|Contributors?)\s*[:–-]\s*[A-Z][a-z]+ [A-Z][a-z'-]+")
_FIRST_SURNAME = re.compile(r"\b([A-Z][a-z]+) (?:[A-Z]\.? )?[A-Z][a-z'-]+\b")


class _Person:
    """PERSON's patterns, or a common first name before a surname ("the speaker was ... Craig Pinkney"): the names
    are looked up in a set, as one alternation of hundreds of them is slow."""

    def __init__(self, titled: re.Pattern, names: set[str]):
        self.titled, self.names = titled, names

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        found = list(self.titled.finditer(text, pos, end))
        found += [m for m in _FIRST_SURNAME.finditer(text, pos, end) if m.group(1) in self.names
                  and not any(t.start() < m.end() and m.start() < t.end() for t in found)]
        return iter(sorted(found, key=lambda m: m.start()))

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        end = len(text) if endpos is None else endpos
        return self.titled.search(text, pos, end) or next(
            (m for m in _FIRST_SURNAME.finditer(text, pos, end) if m.group(1) in self.names), None)

    def findall(self, text: str) -> list[str]:
        return [m.group() for m in self.finditer(text)]


PERSON = _Person(PERSON, _first_names())
# "Who are the auditors / the contractors?": a firm ("Ernst & Young", "Mazars LLP") rather than its staff.
FIRM_Q = re.compile(r"^\W*(?:who\s+(?:are|were)\s+(?:the\s+)?(?:\w+(?:'s)?\s+){0,3}(?:audit[oe]rs|contractors|suppliers|"
                    r"consultants|providers|operators|firms?|compan(?:y|ies))|(?:which|what)\s+(?:firm|company|companies)"
                    r")\b", re.I)
FIRM = re.compile(r"\b[A-Z][a-z]+ & [A-Z][a-z]+\b|\b[A-Z][A-Za-z]+ (?:LLP|Ltd|plc|Limited)\b")


def answers_who(question: str, text: str) -> bool:
    """Whether the text names whom a "who" question asks for: a firm for "who are the auditors", else a person
    other than those the question names ("who seconded Roger Gough's motion" is not answered by "Roger Gough")."""
    named = _named_in(question)
    if named is not None:
        text = named.sub("", text)
    return (FIRM if FIRM_Q.match(question) else PERSON).search(text) is not None


@functools.lru_cache(maxsize=64)
def _named_in(question: str) -> re.Pattern | None:
    """The capitalised words a question names after its first, as one pattern (a search checks many passages)."""
    names = set(re.findall(r"(?<=\w )[A-Z][a-z'-]+", question)) - {"Mr", "Mrs", "Ms", "Cllr", "Councillor"}
    return re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, sorted(names)))) if names else None
