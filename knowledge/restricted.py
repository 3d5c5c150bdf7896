"""Recognising exempt (Part II) business, so only an item's title and the reason ever leave the parser.

Schedule 12A to the Local Government Act 1972, Part 1, lists the kinds of exempt information; papers
mark them by paragraph number, by "Document is Restricted", "NOT FOR PUBLICATION", a restricted or
exempt classification, or by placing items after a resolution excluding the press and public.
"""
from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

SCHEDULE_12A = {
    1: "information relating to any individual",
    2: "information likely to reveal the identity of an individual",
    3: "information about the financial or business affairs of any particular person",
    4: "information about labour relations consultations or negotiations",
    5: "information subject to legal professional privilege",
    6: "information about proposed notices, orders or directions",
    7: "information about the prevention, investigation or prosecution of crime",
}
# "By virtue of paragraph(s) 3 of Part 1 of Schedule 12A"
BY_VIRTUE = re.compile(r"by\s+virtue\s+of\s+paragraphs?(?:\(s\))?\s+(?P<paras>[\d\s,&and–-]+?)\s+of\s+Part\s+(?:1|I)\s+of\s+Schedule\s+12A", re.I)
MARKERS = [
    (re.compile(r"\bDocument\s+is\s+Restricted\b", re.I), "Document is Restricted"),
    (re.compile(r"\bNOT\s+FOR\s+PUBLICATION\b"), "Not for publication"),
    (re.compile(r"\bClassification\s*:\s*(?:Restricted|Exempt|Confidential)\b", re.I), "Classified as restricted"),
    (re.compile(r"^\s*(?:EXEMPT|CONFIDENTIAL)\s+(?:REPORT|APPENDIX|INFORMATION)\b", re.M), "Marked exempt"),
]
# An agenda or minute item that excludes the press and public: everything after it is Part II.
EXCLUSION = re.compile(r"exclusion\s+of\s+(?:the\s+)?(?:press\s+and\s+(?:the\s+)?public|public\s+and\s+(?:the\s+)?press)", re.I)
# A heading above items taken in private ("EXEMPT ITEMS", "PART II", "Restricted items").
PRIVATE_HEADING = re.compile(r"^\s*(?:EXEMPT\s+ITEMS|RESTRICTED\s+ITEMS|PART\s+(?:II|2)(?:\s+ITEMS)?|ITEMS\s+IN\s+PRIVATE)\b", re.I)


def paragraphs_cited(text: str) -> list[int]:
    """Schedule 12A paragraph numbers cited by a 'By virtue of paragraph(s) ...' note."""
    m = BY_VIRTUE.search(text)
    if not m:
        return []
    nums = []
    for part in re.finditer(r"(\d)\s*[–-]\s*(\d)|(\d)", m.group("paras")):
        if part.group(3):
            nums.append(int(part.group(3)))
        else:
            nums.extend(range(int(part.group(1)), int(part.group(2)) + 1))
    return sorted({n for n in nums if n in SCHEDULE_12A})


def reason_from_paragraphs(nums: list[int]) -> str:
    """A plain reason: 'Exempt under paragraph 3 of Part 1 of Schedule 12A ... (information about ...)'."""
    if not nums:
        return "Exempt information under Part 1 of Schedule 12A to the Local Government Act 1972"
    word = "paragraph" if len(nums) == 1 else "paragraphs"
    which = ", ".join(str(n) for n in nums)
    what = "; ".join(SCHEDULE_12A[n] for n in nums)
    return f"Exempt under {word} {which} of Part 1 of Schedule 12A to the Local Government Act 1972 ({what})"


def exemption(text: str) -> str | None:
    """The exemption reason when a block of text is marked restricted or exempt, else None.

    "Classification: Unrestricted" and a heading such as "UNRESTRICTED ITEMS" do not count.
    """
    nums = paragraphs_cited(text)
    if nums or BY_VIRTUE.search(text):
        return reason_from_paragraphs(nums)
    for pattern, label in MARKERS:
        if pattern.search(text):
            return label
    return None


def excludes_public(title: str) -> bool:
    """Whether an item is the resolution to exclude the press and public (Part II follows)."""
    return bool(EXCLUSION.search(title))


def private_heading(text: str) -> bool:
    """Whether a line heads items taken in private ('EXEMPT ITEMS', 'PART II')."""
    return bool(PRIVATE_HEADING.match(text)) and not re.match(r"^\s*UNRESTRICTED", text, re.I)


def part_ii_reason(exclusion_text: str = "") -> str:
    """The reason for items after an exclusion of the press and public, with paragraphs if cited."""
    m = re.search(r"paragraphs?\s+(\d)\s*[–-]\s*(\d)\s+of\s+Part\s+1\s+of\s+Schedule\s+12A", exclusion_text, re.I)
    if m:
        nums = list(range(int(m.group(1)), int(m.group(2)) + 1))
        if len(nums) < len(SCHEDULE_12A):
            return "Part II (press and public excluded): " + reason_from_paragraphs(nums)
    return ("Part II (press and public excluded): likely disclosure of exempt information under "
            "Part 1 of Schedule 12A to the Local Government Act 1972")
