"""Which names a paper keeps using (knowledge.places): the place or body it belongs to."""
from __future__ import annotations

from knowledge import places


def test_a_paper_is_home_to_the_names_it_keeps_writing_with_a_capital():
    texts = ([f"Members said {x} in Kent and the county." for x in ("roads were mended", "schools were full",
                                                                   "buses were late", "parks were busy")]
             + ["The county budget was agreed."] * 6)
    found = dict(places.homes(texts))
    assert "kent" in found and round(found["kent"], 1) == 0.4
    # A word written in small letters is no name; one met in too few paragraphs is not what the paper is about.
    assert "county" not in found and "roads" not in found
    # Nor is a month, however often the paper names it.
    assert "january" not in dict(places.homes([f"On {d} January Mr Gough met {x} in Kent." for d, x in
                                               ((3, "farmers"), (9, "teachers"), (21, "nurses"))]))


def test_a_capital_at_the_start_of_a_sentence_says_nothing():
    texts = ["Planning was discussed. Planning matters were noted.", "1. Planning: the plan was agreed.",
             "Planning Committee minutes."] * 2 + ["The planning team met."] * 4
    assert "planning" not in dict(places.homes(texts))


def test_a_name_written_in_camel_case_is_one_name():
    texts = [f"In Stevenage SoSafe {x}." for x in ("runs projects", "supports victims", "meets partners")]
    found = dict(places.homes(texts))
    assert "sosafe" in found and "safe" not in found


def test_an_agenda_items_own_names_are_known_to_its_paragraphs(db):
    from answer_helpers import add_document
    doc = add_document(db, "Council agenda pack")
    strategy = [f"Through SoSafe we will {x} with partners in the town." for x in ("tackle crime", "support victims",
                                                                        "reduce harm", "engage residents")]
    for n, text in enumerate(strategy + ["Responsible Authorities Group (RAG): Chair: Matt Partridge"]):
        db["passages"].insert({"document_id": doc, "document_title": "pack", "page": n + 1, "text": text,
                               "item_number": "11"})
    for n in range(6):
        db["passages"].insert({"document_id": doc, "document_title": "pack", "page": 30 + n, "item_number": "12",
                               "text": f"The Audit Committee noted report {n} from the Strategic Director."})
    assert "sosafe" in places.local(db, doc, "11", generation=1)
    assert "sosafe" not in places.local(db, doc, "12", generation=1)


def test_a_papers_own_council_is_the_one_it_names_whose_place_is_its_home():
    minutes = ["Mr Hook said the Council had existed since 1889.", "KCC would work with Medway Council in Kent.",
               "Members in Kent asked KCC officers to report.", "Kent schools and KCC budgets were discussed.",
               "Tonbridge and Malling Borough Council wrote to Kent."]
    homes = places.homes(minutes)
    short = places.council_acronyms([("KCC", "Kent County Council"), ("CSP", "Community Safety Partnership")])
    assert short == {"KCC": "Kent County Council"}
    # Never named in full: "KCC" names it; Malling is no home of these minutes.
    assert places.own_council(minutes, homes, short) == "Kent County Council"
    assert places.own_council(["The Council met."] * 5, places.homes(["The Council met."] * 5), short) is None


def test_the_council_of_a_paper_answers_for_its_full_name(db):
    from answer_helpers import papers_with
    from knowledge import search
    papers_with(db, ["Kent County Council (KCC) runs services across Kent.", "Kent County Council set its budget."],
                "Kent budget report")
    papers_with(db, ["Mr Hook explained that the Council had existed since 1889 during which time it had gained and "
                     "lost powers.", "KCC members in Kent debated devolution.", "Officers across Kent and KCC met.",
                     "The Kent economy and KCC finances were noted."], "County Council minutes")
    r = search.search(db, "How long has Kent County Council existed?")
    assert r.answerable and "since 1889" in r.hits[0].text
