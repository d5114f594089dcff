"""The aligner on consecutive versions (one amending act between them) and on swapped inputs.

The texts are written for these tests: a small fictional statute in which most articles keep
their number and a few are rewritten, inserted, split or repealed, as real amending acts do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from constdiff.align import monotone_chain
from constdiff.model import ArticleChange, Comparison
from constdiff.parse import parse_text
from constdiff.pipeline import compare, read_document
from constdiff.profiles import load_profile
from constdiff.seeds import seed_pair

EN = load_profile("en")

BODIES = {
    "1": "The Republic is a democratic state governed by the rule of law.",
    "2": "The people exercise power directly through referendums and through their elected representatives.",
    "3": "The official language is Arvenian; regional languages may be used in local administration.",
    "4": "The capital of the Republic is the city of Valmora, seat of the supreme bodies of state power.",
    "5": "The state protects the natural environment, forests, rivers and the quality of the air for future generations.",
    "6": "Every person has the right to education; primary and secondary education is free of charge in public schools.",
    "7": "Everyone has the right to health care; the state funds hospitals, clinics and emergency medical services.",
    "8": "Citizens may form political parties; parties must respect the Constitution and disclose their finances.",
    "9": "The Council of Ministers directs the civil service and submits the annual budget to Parliament.",
    "10": "Judges are independent and subject only to the law; no one may interfere in the administration of justice.",
}


def statute(bodies: dict[str, str]) -> str:
    return "".join(f"Article {number}\n{body}\n\n" for number, body in bodies.items())


def classes(old: str, new: str) -> dict[tuple[tuple[str, ...], tuple[str, ...]], str]:
    comparison = compare(parse_text(old, profile=EN), parse_text(new, profile=EN))
    return {(pair.old_numbers, pair.new_numbers): pair.change.value for pair in comparison.articles}


def test_an_article_rewritten_in_full_under_its_number_is_amended_not_repealed_and_added() -> None:
    new = dict(BODIES)
    new["6"] = "Scholarships for gifted pupils are awarded each year by an independent foundation chartered by statute."
    comparison = compare(parse_text(statute(BODIES), profile=EN), parse_text(statute(new), profile=EN))
    pair = next(pair for pair in comparison.articles if pair.old_numbers == ("6",))
    assert pair.new_numbers == ("6",) and pair.change is ArticleChange.AMENDED
    assert pair.reason.startswith("replaced in full") and "same number and place" in pair.reason
    assert pair.evidence is not None and pair.evidence.method == "number and place" and pair.evidence.same_number


def test_an_inserted_article_that_takes_half_of_its_neighbour_is_a_split() -> None:
    old = dict(BODIES)
    old["7"] = (
        "Everyone has the right to health care; the state funds hospitals, clinics and emergency medical services. "
        "Pharmacies licensed by the ministry dispense prescribed medicines free of charge to pensioners and invalids."
    )
    new = {**{k: v for k, v in BODIES.items() if int(k) <= 7}, "7a": "Pharmacies licensed by the ministry dispense prescribed medicines free of charge to pensioners and invalids."}
    new |= {k: v for k, v in BODIES.items() if int(k) > 7}
    assert classes(statute(old), statute(new))[(("7",), ("7", "7a"))] == "split"


def test_an_inserted_article_that_only_echoes_its_neighbour_is_added() -> None:
    """Parallel wording is not a split: the neighbour kept all of its words."""
    new = {**{k: v for k, v in BODIES.items() if int(k) <= 7}}
    new["7a"] = "Everyone has the right to social care; the state funds shelters, clinics and emergency social services."
    new |= {k: v for k, v in BODIES.items() if int(k) > 7}
    found = classes(statute(BODIES), statute(new))
    assert found[((), ("7a",))] == "added"
    assert found[(("7",), ("7",))] == "unchanged"


def test_placeholders_pair_by_number_and_a_newly_repealed_article_is_repealed() -> None:
    old = {**BODIES, "4": "(repealed)", "5": "-"}
    new = {**BODIES, "4": "(repealed)", "5": "-", "9": "-"}
    found = classes(statute(old), statute(new))
    assert found[(("4",), ("4",))] == "unchanged"
    assert found[(("5",), ("5",))] == "unchanged"
    assert found[(("9",), ("9",))] == "repealed"
    assert all(change != "added" for change in found.values())


def test_renumbered_in_place_is_not_moved_and_a_relocated_article_is() -> None:
    numbered = list(BODIES.values())
    old = statute({str(i + 1): body for i, body in enumerate(numbered)})
    inserted = [numbered[0], "Sovereignty belongs to the whole people and cannot be delegated or alienated by any body.", *numbered[1:]]
    inserted.insert(len(inserted), inserted.pop(4))  # old Article 4 goes to the end
    new = statute({str(i + 1): body for i, body in enumerate(inserted)})
    found = classes(old, new)
    assert found[(("2",), ("3",))] == "renumbered"
    assert found[(("4",), ("11",))] == "moved"
    assert found[(("1",), ("1",))] == "unchanged"


def test_unrelated_texts_are_not_paired_by_number() -> None:
    other = {
        number: f"Clause {number} of the harbour regulations sets tariffs for vessels of class {number}, their berthing and pilotage."
        for number in BODIES
    }
    found = classes(statute(BODIES), statute(other))
    assert all(change in ("added", "repealed") for change in found.values())


def mirrored(comparison: Comparison) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(pair.new_numbers, pair.old_numbers) for pair in comparison.articles}


def pairs_of(comparison: Comparison) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(pair.old_numbers, pair.new_numbers) for pair in comparison.articles}


MIRROR = {
    ArticleChange.SPLIT: ArticleChange.MERGED,
    ArticleChange.MERGED: ArticleChange.SPLIT,
    ArticleChange.ADDED: ArticleChange.REPEALED,
    ArticleChange.REPEALED: ArticleChange.ADDED,
}


def assert_mirror(old_path: str, new_path: str) -> None:
    old, new = read_document(old_path), read_document(new_path)
    forward, backward = compare(old, new), compare(new, old)
    assert pairs_of(forward) == mirrored(backward)
    back = {(pair.new_numbers, pair.old_numbers): pair.change for pair in backward.articles}
    for pair in forward.articles:
        if pair.old and pair.new or not pair.already_repealed:
            expected = MIRROR.get(pair.change, pair.change)
            assert back[(pair.old_numbers, pair.new_numbers)] in (expected, pair.change), pair


def test_swapping_the_seed_versions_mirrors_the_result() -> None:
    old, new = seed_pair()
    assert_mirror(str(old), str(new))


KZ = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "kz"


@pytest.mark.parametrize(
    "old, new",
    [
        ("kz-1995-2023.ru.pdftotext-layout.txt", "kz-2026.ru.raw.txt"),
        ("kz-1995-2023.kk.txt", "kz-2026-draft-2026-02-12.kk.docx-extract.txt"),
    ],
)
def test_swapping_the_kazakh_versions_mirrors_the_result(old: str, new: str) -> None:
    if not KZ.is_dir():
        pytest.skip(f"real-text corpus not found at {KZ}")
    assert_mirror(str(KZ / old), str(KZ / new))


def test_the_monotone_chain_prefers_the_more_similar_of_two_crossing_pairs_either_way() -> None:
    weights = {(0, 0): 1.0, (1, 2): 0.9, (2, 1): 0.4, (3, 3): 1.0}
    chain = monotone_chain(weights, weights.__getitem__)
    swapped = monotone_chain({(n, o): w for (o, n), w in weights.items()}, lambda pair: weights[(pair[1], pair[0])])
    assert chain == [(0, 0), (1, 2), (3, 3)]
    assert sorted((n, o) for o, n in swapped) == chain


def test_a_second_numbering_series_pairs_within_its_domain() -> None:
    """Transitional provisions numbered from 1 again: the two series never collide, and every
    article is in exactly one pair."""
    main = "".join(f"Article {number}\n{BODIES[number]}\n\n" for number in ("1", "2", "3", "4"))
    old = f"Chapter I. General Provisions\n\n{main}Chapter II. Transitional Provisions\n\nArticle 1\n{BODIES['9']}\n\nArticle 2\n{BODIES['10']}\n"
    new = old.replace(BODIES["10"], "Judges in office keep their posts until the end of their present term of office.")
    comparison = compare(parse_text(old, profile=EN), parse_text(new, profile=EN))
    olds = [number for pair in comparison.articles for number in pair.old_numbers]
    news = [number for pair in comparison.articles for number in pair.new_numbers]
    assert len(olds) == len(set(olds)) == 6 and len(news) == len(set(news)) == 6
    by_old = {pair.old_numbers: pair for pair in comparison.articles}
    transitional = next(key for key in olds if key.endswith(":2"))
    assert by_old[(transitional,)].new_numbers == (transitional,)
    assert by_old[(transitional,)].change is ArticleChange.AMENDED
    assert by_old[("2",)].change is ArticleChange.UNCHANGED


def test_two_swapped_articles_are_both_moved_whichever_side_is_old() -> None:
    """Which of two swapped articles "kept its place" is a tie: neither is taken as in order."""
    new = {**BODIES, "5": BODIES["6"], "6": BODIES["5"]}
    forward, backward = classes(statute(BODIES), statute(new)), classes(statute(new), statute(BODIES))
    assert forward[(("5",), ("6",))] == forward[(("6",), ("5",))] == "moved"
    assert backward[(("6",), ("5",))] == backward[(("5",), ("6",))] == "moved"


def test_a_number_written_twice_pairs_no_placeholder_and_an_article_is_in_one_pair() -> None:
    old = statute({"1": BODIES["1"], "3": "(repealed)"}) + statute({"3": "(repealed)", "4": BODIES["4"]})
    new = statute({"1": BODIES["1"], "3": "(repealed)", "4": BODIES["4"]})
    comparison = compare(parse_text(old, profile=EN), parse_text(new, profile=EN))
    news = [number for pair in comparison.articles for number in pair.new_numbers]
    assert sorted(news) == ["1", "3", "4"]


def test_a_placeholders_number_given_text_again_mirrors_a_repeal() -> None:
    old, new = {**BODIES, "9": "(repealed)"}, dict(BODIES)
    assert classes(statute(old), statute(new))[(("9",), ("9",))] == "added"
    assert classes(statute(new), statute(old))[(("9",), ("9",))] == "repealed"
