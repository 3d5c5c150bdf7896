"""Council bodies as residents name them: "audit", "the cabinet", "full council", or one the calendar lacks."""
from __future__ import annotations

import re

from handlers.messages import Services

# The body that is the whole council, however a council styles it: never a committee or the cabinet.
FULL_COUNCIL = ("council", "full council", "county council", "borough council", "district council", "city council")
_COUNCIL_TYPES = ("county", "borough", "district", "city")
KIND_OF_COUNCIL = re.compile(r"\b(?:%s) council\b" % "|".join(_COUNCIL_TYPES), re.I)
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


def is_full_council(svc: Services, body: str) -> bool:
    """Whether body is the whole council ("Council", "County Council", "Stevenage Borough Council")."""
    return norm(body) in FULL_COUNCIL or norm(body) == norm(svc.settings.council_name)


def _question(svc: Services, text: str) -> str:
    """The question's words, padded, without the words of the bot's own council name."""
    q = f" {norm(text)} "
    for own in norm(svc.settings.council_name).split():   # "Kent County Council" -> "county council"
        if own not in ("council", *_COUNCIL_TYPES):
            q = q.replace(f" {own} ", " ")
    return q


def named(svc: Services, text: str, bodies: list[str]) -> str | None:
    """The body a question names: configured aliases, then loose words, then a full council it singles out.

    The bare word "council" is not enough to name a committee ("Youth Council") nor to choose one of
    several full councils: `full_councils` gives all the bodies such a question may mean.
    """
    q = _question(svc, text)
    for canonical, aliases in (svc.settings.bodies or {}).items():
        if any(f" {norm(a)} " in q for a in [canonical, *aliases]) and canonical in bodies:
            return canonical
    scored = []
    for b in bodies:
        if is_full_council(svc, b):
            continue
        words = [w for w in norm(b).split() if w not in ("committee", "the", "and", "of", "sub", "select", "council")]
        hits = sum(1 for w in words if re.search(rf" {re.escape(w)}", q))
        # "planning" names the Planning and Development Committee; a full match beats a partial one.
        if hits:
            scored.append((hits == len(words), hits, -len(words), b))
    if scored:
        return max(scored)[3]
    full = full_councils(svc, text, bodies)
    return full[0] if len(full) == 1 else None


def full_councils(svc: Services, text: str, bodies: list[str]) -> list[str]:
    """The full-council bodies a question about "the council" may mean, narrowed by the kind it names.

    "county council" means a body called "County Council"; "borough council" means one so called, or the
    plain "Council" when the bot's own council is a borough council. Without a kind, every full council.
    """
    q = _question(svc, text)
    if " council " not in q and " councils " not in q:
        return []
    full = [b for b in bodies if is_full_council(svc, b)]
    kinds = [k for k in _COUNCIL_TYPES if f" {k} council" in q]
    if not kinds:
        return full
    own_kind = [k for k in _COUNCIL_TYPES if k in norm(svc.settings.council_name).split()]
    return [b for b in full if any(k in norm(b).split() for k in kinds)
            or (norm(b) in ("council", "full council") and set(kinds) & set(own_kind))]
