"""The shipped profiles added for amending acts in further languages (pt, nl, …): fictional
constitution excerpts in each language's own conventions (``tests/data/profiles_more``; the
older languages' fixtures in ``tests/data/profiles`` keep being detected as their own language,
see test_profiles_languages.py), heading styles one by one, and a comparison per language."""

from __future__ import annotations

from pathlib import Path

import pytest
from profile_fixtures import Expected, assert_structure

from constdiff.model import ArticleChange, ArticleStatus, Document
from constdiff.parse import parse_text
from constdiff.pipeline import compare
from constdiff.profiles import available_languages, load_profile

FIXTURES = Path(__file__).resolve().parent / "data" / "profiles_more"
LANGUAGES = ("pt", "nl", "ro", "hr", "sl", "hu", "sv", "da", "fi", "nb")


EXPECTED = {
    "pt.txt": Expected(
        articles=["1", "2", "3", "4", "5", "5º-A", "10", "10-A"],
        divisions=[("title", "I", "Dos Princípios Fundamentais"), ("title", "II", "Dos Direitos e Garantias Fundamentais")],
        paragraphs={"1": [None, "I", "II", "III", "único"], "4": [None, "1", "2"], "5": [None, "a", "b"], "10": [None, "1", "2"]},
        repealed={"3"},
        title="CONSTITUIÇÃO DA REPÚBLICA DE SERRA AZUL",
        placement={"3": "Dos Princípios Fundamentais", "5º-A": "Dos Direitos e Garantias Fundamentais"},
    ),
    "nl.txt": Expected(
        articles=["1", "2", "3", "4", "5", "5a", "6"],
        divisions=[("chapter", "1", "Grondrechten"), ("chapter", "2", "Regering")],
        paragraphs={"1": [None], "2": ["1", "2"], "4": ["1", "2", "a", "b"], "5a": ["1", "2"]},
        repealed={"3"},
        title="GRONDWET VOOR HET KONINKRIJK WESTERLAND",
        placement={"4": "Grondrechten", "5a": "Regering"},
    ),
    "ro.txt": Expected(
        articles=["1", "2", "3", "4", "5", "5^1", "6"],
        divisions=[("title", "I", "Principii generale"), ("title", "II", "Autoritățile publice")],
        paragraphs={"1": ["1", "2"], "2": [None], "5": [None, "a", "b"], "5^1": [None], "6": ["1", "2"]},
        repealed={"3"},
        title="CONSTITUȚIA REPUBLICII VALEA VERDE",
        placement={"3": "Principii generale", "5^1": "Autoritățile publice"},
    ),
    "hr.txt": Expected(
        articles=["1", "2", "3", "4", "5", "5.a", "6"],
        divisions=[("part", "I", "TEMELJNE ODREDBE"), ("part", "II", "USTROJSTVO DRŽAVNE VLASTI")],
        paragraphs={"1": ["1", "2"], "2": [None], "4": ["1", "2"], "5.a": ["1", "2"]},
        repealed={"3"},
        title="USTAV REPUBLIKE GORNJA DOLINA",
        placement={"3": "TEMELJNE ODREDBE", "5.a": "USTROJSTVO DRŽAVNE VLASTI"},
    ),
    "sl.txt": Expected(
        articles=["1", "2", "3", "4", "5", "5.a", "6"],
        divisions=[("part", "I", "SPLOŠNE DOLOČBE"), ("part", "II", "DRŽAVNA UREDITEV")],
        paragraphs={"1": [None], "2": ["1", "2"], "4": ["1", "2"], "5.a": ["1", "2"]},
        repealed={"3"},
        title="USTAVA REPUBLIKE ZGORNJA DOLINA",
        placement={"3": "SPLOŠNE DOLOČBE", "5.a": "DRŽAVNA UREDITEV"},
    ),
    "hu.txt": Expected(
        articles=["1", "2", "3", "4", "5", "5/A", "6"],
        divisions=[("chapter", "I", "ALAPVETÉS"), ("chapter", "II", "AZ ÁLLAM")],
        paragraphs={"1": ["1", "2"], "2": [None], "5": [None, "a", "b"], "5/A": [None], "6": ["1", "2"]},
        repealed={"3"},
        title="FELSŐVÖLGY ALAPTÖRVÉNYE",
        placement={"3": "ALAPVETÉS", "5/A": "AZ ÁLLAM"},
    ),
    "sv.txt": Expected(
        articles=["1", "2", "3", "4", "5", "5 a", "6"],
        divisions=[("chapter", "1", "Statsskickets grunder"), ("chapter", "2", "Riksdagen")],
        paragraphs={"1": [None, None], "2": [None], "5 a": [None, None, "1", "2"]},
        repealed={"3"},
        title="REGERINGSFORM FÖR NORDANÅ",
        placement={"3": "Statsskickets grunder", "5 a": "Riksdagen"},
    ),
    "da.txt": Expected(
        articles=["1", "2", "3", "4", "5", "5 a", "6"],
        divisions=[("chapter", "I", None), ("chapter", "II", None)],
        paragraphs={"1": [None], "2": [None, "2"], "5": [None, "2"], "5 a": [None, "2"]},
        repealed={"3"},
        title="GRUNDLOV FOR NORDØ",
        placement={},
    ),
    "fi.txt": Expected(
        articles=["1", "2", "3", "4", "5", "5 a", "6"],
        divisions=[("chapter", "1", "Valtiosäännön perusteet"), ("chapter", "2", "Eduskunta")],
        paragraphs={"1": [None, None], "4": [None], "5 a": [None, "1", "2"]},
        repealed={"3"},
        title="NORDLANDIN PERUSTUSLAKI",
        placement={"3": "Valtiosäännön perusteet", "5 a": "Eduskunta"},
    ),
    "nb.txt": Expected(
        articles=["1", "2", "3", "4", "5", "5 a", "6"],
        divisions=[("chapter", "1", "Om statsformen"), ("chapter", "2", "Om den lovgivende makt")],
        paragraphs={"1": [None], "4": [None, "1", "2"], "5 a": [None]},
        repealed={"3"},
        title="GRUNNLOV FOR NORDØYA",
        placement={"3": "Om statsformen", "5 a": "Om den lovgivende makt"},
    ),
}


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _parse(name: str, *, language: str | None = None) -> Document:
    return parse_text(_fixture(name), source=name, profile=load_profile(language) if language else None)


def test_every_language_has_a_fixture() -> None:
    assert {name.split(".")[0] for name in EXPECTED} == set(LANGUAGES)
    assert {path.name for path in FIXTURES.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("language", LANGUAGES)
def test_profile_loads_with_its_conventions(language: str) -> None:
    profile = load_profile(language)
    assert profile.language == language and profile.name != language and profile.title and profile.front_matter
    assert len(profile.words) == 25 and profile.divisions and profile.articles and profile.paragraphs
    assert profile.notes and profile.repealed


@pytest.mark.parametrize("language", LANGUAGES)
def test_common_words_are_in_no_other_profile(language: str) -> None:
    """Detection weighs each profile's words; a word shared with a neighbour (pt/es, nl/de)
    would count for both."""
    own = set(load_profile(language).words)
    for other in available_languages():
        if other != language:
            assert not own & set(load_profile(other).words), other


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_auto_detection_picks_the_fixtures_language(name: str) -> None:
    assert _parse(name).language == name.split(".")[0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_parses_into_the_expected_structure(name: str) -> None:
    assert_structure(_parse(name), EXPECTED[name])


ARTICLE_HEADING = {"pt": "Art. {}", "nl": "Artikel {}", "ro": "Articolul {}", "hr": "Članak {}.", "sl": "{}. člen",
    "hu": "{}. cikk", "sv": "{} §", "da": "§ {}.", "fi": "{} §", "nb": "§ {}.",
}  # with its number as {}


@pytest.mark.parametrize(
    ("language", "heading", "number", "title"),
    [
        ("pt", "Art. 5º", "5", None), ("pt", "Art. 1º", "1", None), ("pt", "Art. 1o", "1", None),
        ("pt", "Art. 10.", "10", None), ("pt", "Art. 100-A", "100-A", None), ("pt", "Art. 37-A.", "37-A", None),
        ("pt", "Artigo 5.º", "5", None), ("pt", "Artigo 5.º-A", "5.º-A", None), ("pt", "Art. 5º-A", "5º-A", None),
        ("pt", "Artigo 13.º Princípio da igualdade", "13", "Princípio da igualdade"), ("pt", "Artigo único", "1", None),
        ("nl", "Artikel 5", "5", None), ("nl", "Artikel 5a", "5a", None), ("nl", "Artikel 5a.", "5a", None),
        ("nl", "Art. 12", "12", None), ("nl", "Artikel I", "I", None), ("nl", "Artikel 1:3", "1:3", None),
        ("ro", "ARTICOLUL 5", "5", None), ("ro", "Articolul 5", "5", None), ("ro", "Art. 5.", "5", None),
        ("ro", "Art. 5^1", "5^1", None), ("ro", "Articolul 5¹", "5¹", None), ("ro", "Articolul 12 - Drapelul", "12", "Drapelul"),
        ("hr", "Članak 5.", "5", None), ("hr", "Članak 5.a", "5.a", None), ("hr", "Članak 113.a", "113.a", None),
        ("hr", "ČLANAK 7.", "7", None),
        ("sl", "5. člen", "5", None), ("sl", "5.a člen", "5.a", None), ("sl", "12. Člen", "12", None),
        ("hu", "5. cikk", "5", None), ("hu", "5/A. cikk", "5/A", None), ("hu", "IX. cikk", "IX", None),
        ("hu", "Cikk 5", "5", None), ("hu", "5. §", "5", None), ("hu", "12/B. §", "12/B", None),
        ("sv", "5 §", "5", None), ("sv", "5 a §", "5 a", None), ("sv", "12a §", "12a", None),
        ("fi", "5 §", "5", None), ("fi", "5 a §", "5 a", None), ("fi", "7 § Kansalaisuus", "7", "Kansalaisuus"),
        ("da", "§ 5.", "5", None), ("da", "§ 5", "5", None), ("da", "§ 5 a.", "5 a", None), ("da", "§ 12a", "12a", None),
        ("nb", "§ 5.", "5", None), ("nb", "§ 5 a.", "5 a", None), ("nb", "§ 2-3.", "2-3", None),
        ("nb", "§ 2-3 Virkeområde", "2-3", "Virkeområde"),
    ],
)
def test_article_heading_styles(language: str, heading: str, number: str, title: str | None) -> None:
    (article,) = parse_text(f"{heading}\nText of the provision.\n", profile=load_profile(language)).articles()
    assert (article.number, article.title) == (number, title)
    assert [paragraph.text for paragraph in article.paragraphs] == ["Text of the provision."]


@pytest.mark.parametrize(
    ("language", "heading", "kind", "number", "title"),
    [
        ("pt", "TÍTULO I", "title", "I", None), ("pt", "CAPÍTULO II", "chapter", "II", None),
        ("pt", "Seção I", "section", "I", None), ("pt", "Secção II", "section", "II", None),
        ("pt", "Subseção I", "subsection", "I", None), ("pt", "PARTE I", "part", "I", None),
        ("pt", "CAPÍTULO III - DA ADMINISTRAÇÃO PÚBLICA", "chapter", "III", "DA ADMINISTRAÇÃO PÚBLICA"),
        ("nl", "Hoofdstuk 1", "chapter", "1", None), ("nl", "HOOFDSTUK II", "chapter", "II", None),
        ("nl", "Hoofdstuk 5. Wetgeving en bestuur", "chapter", "5", "Wetgeving en bestuur"),
        ("nl", "Afdeling 2", "section", "2", None), ("nl", "Titel 1", "title", "1", None),
        ("nl", "Paragraaf 3", "subsection", "3", None),
        ("ro", "TITLUL I", "title", "I", None), ("ro", "CAPITOLUL II", "chapter", "II", None),
        ("ro", "Capitolul I Drepturile", "chapter", "I", "Drepturile"), ("ro", "SECŢIUNEA 1", "section", "1", None),
        ("ro", "Secțiunea a 2-a", "section", "2", None), ("ro", "Secţiunea 1^1", "section", "1^1", None),
        ("hr", "I. IZVORIŠNE OSNOVE", "part", "I", "IZVORIŠNE OSNOVE"), ("hr", "DIO PRVI", "part", "1", None),
        ("hr", "GLAVA II", "chapter", "II", None), ("hr", "Glava 3. Sabor", "chapter", "3", "Sabor"),
        ("hr", "Odjeljak 1", "section", "1", None),
        ("sl", "I. SPLOŠNE DOLOČBE", "part", "I", "SPLOŠNE DOLOČBE"), ("sl", "1. poglavje", "chapter", "1", None),
        ("sl", "2. oddelek Volitve", "section", "2", "Volitve"), ("sl", "II. DEL", "part", "II", None),
        ("hu", "I. FEJEZET", "chapter", "I", None), ("hu", "2. fejezet Az állam", "chapter", "2", "Az állam"),
        ("hu", "II. RÉSZ", "part", "II", None), ("hu", "3. Cím", "section", "3", None),
        ("sv", "1 kap.", "chapter", "1", None), ("sv", "2 a kap. Grundlagsskydd", "chapter", "2 a", "Grundlagsskydd"),
        ("sv", "Avdelning II", "part", "II", None),
        ("fi", "1 luku", "chapter", "1", None), ("fi", "2 a luku Perusoikeudet", "chapter", "2 a", "Perusoikeudet"),
        ("da", "Kapitel I", "chapter", "I", None), ("da", "Kapitel 2. Almindelige regler", "chapter", "2", "Almindelige regler"),
        ("da", "Afsnit III", "part", "III", None),
        ("nb", "Kapittel 1", "chapter", "1", None), ("nb", "Kapittel 2. Saklig virkeområde", "chapter", "2", "Saklig virkeområde"),
        ("nb", "A. Om statsformen og religionen", "part", "A", "Om statsformen og religionen"), ("nb", "Del II", "part", "II", None),
    ],
)
def test_division_heading_styles(language: str, heading: str, kind: str, number: str | None, title: str | None) -> None:
    text = f"{heading}\n{ARTICLE_HEADING[language].format(1)}\nText.\n"
    (division,) = parse_text(text, profile=load_profile(language)).divisions()
    assert (division.kind, division.number, division.title) == (kind, number, title)


@pytest.mark.parametrize(
    ("language", "lines", "numbers"),
    [
        ("ro", ["(1) Unu.", "(2) Doi:", "a) a;", "b) b."], ["1", "2", "a", "b"]),
        ("hr", ["(1) Jedan.", "(2) Dva:", "1. prvo;", "a) a."], ["1", "2", "1", "a"]),
        ("sl", ["(1) Ena.", "(2) Dva:", "a) a."], ["1", "2", "a"]),
        ("hu", ["(1) Egy.", "(2) Kettő:", "a) a;", "b) b."], ["1", "2", "a", "b"]),
        ("sv", ["Text:", "1. ett,", "2) två."], [None, "1", "2"]),
        ("fi", ["Teksti:", "1) yksi;", "a) a."], [None, "1", "a"]),
        ("da", ["Tekst.", "Stk. 2. To.", "Stk. 3. Tre:", "1) en."], [None, "2", "3", "1"]),
        ("nb", ["(1) En.", "(2) To:", "a) a."], ["1", "2", "a"]),
        ("pt", ["§ 1º Um.", "§ 2o Dois.", "§ 10. Dez.", "Parágrafo único. Só."], ["1", "2", "10", "único"]),
        ("pt", ["Texto:", "I - um;", "II – dois;", "IV— quatro;", "a) alínea."], [None, "I", "II", "IV", "a"]),
        ("pt", ["1 - Um.", "2 — Dois.", "3. Três."], ["1", "2", "3"]),
        ("nl", ["1. Een.", "2. Twee:", "a. een;", "b. twee."], ["1", "2", "a", "b"]),
        ("nl", ["Tekst:", "1° een;", "2° twee."], [None, "1", "2"]),
    ],
)
def test_paragraph_styles(language: str, lines: list[str], numbers: list[str | None]) -> None:
    text = "\n".join([ARTICLE_HEADING[language].format(1), *lines]) + "\n"
    (article,) = parse_text(text, profile=load_profile(language)).articles()
    assert [paragraph.number for paragraph in article.paragraphs] == numbers


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("pt", "(Revogado)"), ("pt", "(Revogado pela Emenda Constitucional nº 20, de 1998)"), ("pt", "Revogado."),
        ("pt", "(Revogada.)"), ("pt", "(VETADO)"),
        ("nl", "Vervallen."), ("nl", "[Vervallen per 01-01-2031]"), ("nl", "(gereserveerd)"),
        ("ro", "Abrogat."), ("ro", "(abrogat)"), ("ro", "Abrogată prin Legea nr. 1/2030."),
        ("hr", "Brisan."), ("hr", "(brisano)"), ("hr", "Prestao je važiti."),
        ("sl", "(črtan)"), ("sl", "Črtano."), ("sl", "Prenehal veljati."),
        ("hu", "Hatályon kívül helyezve."), ("hu", "(hatályon kívül helyezte a 2030. évi I. törvény)"),
        ("sv", "Har upphävts genom lag (2030:12)."), ("sv", "Upphävd."),
        ("fi", "Kumottu."), ("fi", "on kumottu L:lla 12/2030."),
        ("da", "(Ophævet)"), ("da", "Ophævet ved lov nr. 12 af 1. januar 2031."),
        ("nb", "(Opphevet)"), ("nb", "Opphevet ved lov 1. januar 2031 nr. 12."),
    ],
)
def test_repealed_placeholders(language: str, body: str) -> None:
    heading = ARTICLE_HEADING[language]
    document = parse_text(f"{heading.format(1)}\nText.\n{heading.format(2)}\n{body}\n", profile=load_profile(language))
    assert [article.status for article in document.articles()] == [ArticleStatus.IN_FORCE, ArticleStatus.REPEALED]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pt", "A lei revogada não se aplica."), ("nl", "De wet die is vervallen, wordt niet toegepast."),
        ("ro", "Legea abrogată nu se aplică."), ("hr", "Zakon koji je brisan ne primjenjuje se."),
        ("sl", "Zakon, ki je prenehal veljati, se ne uporablja."),
        ("hu", "A hatályon kívül helyezett törvény nem alkalmazható."), ("sv", "En upphävd lag tillämpas inte."),
        ("fi", "Kumottua lakia ei sovelleta."), ("da", "En ophævet lov finder ikke anvendelse."),
        ("nb", "En opphevet lov gjelder ikke."),
    ],
)
def test_a_sentence_about_repeal_is_text(language: str, text: str) -> None:
    (article,) = parse_text(f"{ARTICLE_HEADING[language].format(1)}\n{text}\n", profile=load_profile(language)).articles()
    assert article.status is ArticleStatus.IN_FORCE and article.paragraphs[0].text == text


# --- an amended version: one article reworded, one inserted, one repealed ------------------------

AMENDMENTS = {  # fixture → (old text, new text) replacements, and the classes they must give
    "pt.txt": (
        [
            ("o Legislativo, o Executivo e o Judiciário.", "o Legislativo e o Executivo; o Judiciário é independente."),
            ("\nArt. 4º Todos", "\nArt. 3º-A A União garante a todos os cidadãos o acesso à justiça.\n\nArt. 4º Todos"),
            (
                "Art. 10-A. As eleições serão realizadas no primeiro domingo de outubro.",
                "Art. 10-A. (Revogado pela Emenda Constitucional nº 9, de 2034)",
            ),
        ],
        {"2": ArticleChange.AMENDED, "3º-A": ArticleChange.ADDED, "10-A": ArticleChange.REPEALED},
    ),
    "nl.txt": (
        [
            ("worden in gelijke gevallen gelijk behandeld.", "worden in alle gevallen gelijk behandeld."),
            ("\nArtikel 5\n", "\nArtikel 4a\nIeder heeft recht op eerbiediging van zijn persoonlijke levenssfeer.\n\nArtikel 5\n"),
            ("Een voorstel van wet wordt door of vanwege de Koning aan de Staten gezonden.", "Vervallen."),
        ],
        {"1": ArticleChange.AMENDED, "4a": ArticleChange.ADDED, "6": ArticleChange.REPEALED},
    ),
}


@pytest.mark.parametrize("name", sorted(AMENDMENTS))
def test_an_amended_copy_gives_the_right_classes(name: str) -> None:
    old_text = _fixture(name)
    replacements, changed = AMENDMENTS[name]
    new_text = old_text
    for before, after in replacements:
        assert new_text.count(before) == 1, before
        new_text = new_text.replace(before, after)
    old, new = parse_text(old_text, source=name), parse_text(new_text, source=f"amended-{name}")
    assert old.language == new.language == name.split(".")[0]
    classes = {(pair.new_numbers or pair.old_numbers)[0]: pair.change for pair in compare(old, new).articles}
    assert {number: classes[number] for number in changed} == changed
    assert all(change is ArticleChange.UNCHANGED for number, change in classes.items() if number not in changed)


def test_brazils_transitional_provisions_are_a_numbering_domain() -> None:
    """The ADCT after the last title numbers its articles from "Art. 1º" again."""
    text = (
        "TÍTULO I\nDos Princípios\n\nArt. 1º A República é federativa.\n\nArt. 2º O poder emana do povo.\n\n"
        "ATO DAS DISPOSIÇÕES CONSTITUCIONAIS TRANSITÓRIAS\n\nArt. 1º O Presidente prestará o compromisso.\n\n"
        "Art. 2º No dia 7 de setembro haverá plebiscito.\n"
    )
    document = parse_text(text)
    assert document.language == "pt" and not document.warnings
    assert [(division.kind, division.title) for division in document.divisions()] == [
        ("title", "Dos Princípios"), ("part", "ATO DAS DISPOSIÇÕES CONSTITUCIONAIS TRANSITÓRIAS")
    ]
    assert [(article.number, article.domain is None) for article in document.articles()] == [
        ("1", True), ("2", True), ("1", False), ("2", False)
    ]
