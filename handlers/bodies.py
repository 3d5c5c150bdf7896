"""Council bodies as residents name them: "audit", "the cabinet", "full council", or one the calendar lacks."""
from __future__ import annotations

import re

from handlers.messages import Services

FULL_COUNCIL = ("council", "county council", "full council")
# A body a resident may name that the calendar does not hold: "the planning committee", "executive".
ANY_BODY = re.compile(r"\b((?:(?!(?:the|next|last|a|an|of|and|when|is|does|did|will|this|that)\b)[a-z]+ ){0,2}"
                      r"(?:sub-)?(?:committee|board|panel|forum|commission)|executive|cabinet"
                      r"|scrutiny|planning|licensing|standards)\b", re.I)


def known(svc: Services) -> list[str]:
    """The bodies the meetings calendar holds meetings of."""
    return [r[0] for r in svc.db.execute("SELECT DISTINCT body FROM meetings ORDER BY body")]


def norm(text: str) -> str:
    """Lower-case words only, "&" read as "and"."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ")))


def named(svc: Services, text: str, bodies: list[str]) -> str | None:
    """The body a question names: configured aliases, then loose words, then 'council' as full council."""
    q = f" {norm(text)} "
    for own in norm(svc.settings.council_name).split():   # "Kent County Council" -> "county council"
        if own not in ("county", "council", "borough", "city", "district"):
            q = q.replace(f" {own} ", " ")
    for canonical, aliases in (svc.settings.bodies or {}).items():
        if any(f" {norm(a)} " in q for a in [canonical, *aliases]) and canonical in bodies:
            return canonical
    scored = []
    for b in bodies:
        words = [w for w in norm(b).split() if w not in ("committee", "the", "and", "of", "sub", "select")]
        hits = sum(1 for w in words if re.search(rf" {re.escape(w)}", q))
        # "planning" names the Planning and Development Committee; a full match beats a partial one.
        if hits and (hits == len(words) or words[0] != "council"):
            scored.append((hits == len(words), hits, -len(words), b))
    if scored:
        return max(scored)[3]
    if " council " in q:
        full = [b for b in bodies if norm(b) in FULL_COUNCIL]
        return max(full, key=lambda b: (" county " in q) == ("county" in b.lower())) if full else None
    return None
