"""People's roles as minutes introduce them ("Mr Hook, Leader of the Liberal Democrat Group, said ..."), so that
a later paragraph of the same paper ("Mr Hook said elections were needed") is known to be the Lib Dem leader's."""
from __future__ import annotations

import re

TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Councillor", "Cllr")
_TITLE = rf"(?:{'|'.join(TITLES)})\.?\s+(?:[A-Z]\.?\s+){{0,3}}"
_NAME = r"([A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)"
# What a role begins with: a council's offices, not any phrase after a comma.
_ROLE_START = (r"(?:the\s+)?(?:Deputy\s+|Vice[- ]|Acting\s+|Interim\s+)?(?:Leader|Chair(?:man|woman)?|Cabinet Member|"
               r"Portfolio Holder|Executive Member|Member for|Corporate Director|Director|Chief Executive|Head of|"
               r"Mayor|Monitoring Officer|Section 151 Officer)\b")
_ROLE = rf"({_ROLE_START}[^,;.()\n]{{0,80}})"
# "Mr Hook, Leader of the Liberal Democrat Group," / "Mrs Hammond (Corporate Director for Children's ...)"
_AFTER = re.compile(rf"\b{_TITLE}{_NAME}\s*(?:,\s*|\(\s*){_ROLE}")
# "The Leader of the Green & Independents Group, Mr Lehmann,"
_BEFORE = re.compile(rf"(?<![\w,])\s*{_ROLE},\s+{_TITLE}{_NAME}\b")
_MENTION = re.compile(rf"\b{_TITLE}{_NAME}")


def introduced(text: str) -> list[tuple[str, str]]:
    """(surname, role) for each person a text names beside their office."""
    out = [(m.group(1), m.group(2).strip()) for m in _AFTER.finditer(text)]
    out += [(m.group(2), m.group(1).strip()) for m in _BEFORE.finditer(text)]
    return [(name, re.sub(r"^the\s+", "", role, flags=re.I)) for name, role in out]


def mentioned(text: str) -> set[str]:
    """Surnames a text names with a title ("Mr Hook", "Mrs S Hammond")."""
    return {m.group(1) for m in _MENTION.finditer(text)}
