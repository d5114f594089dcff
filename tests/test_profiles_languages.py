"""The shipped profiles of cs, sk, pl, es, fr, uk, et and it: fictional constitution excerpts in each
language's own conventions (``tests/data/profiles``), heading styles one by one, and the real Czech
and Spanish corpus when it is present."""

from __future__ import annotations

from pathlib import Path

import pytest
from profile_fixtures import Expected, assert_structure

from constdiff.model import ArticleStatus, Document
from constdiff.parse import parse_text
from constdiff.profiles import load_profile

FIXTURES = Path(__file__).resolve().parent / "data" / "profiles"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LANGUAGES = ("cs", "sk", "pl", "es", "fr", "uk", "et", "it")


EXPECTED = {
    "cs.txt": Expected(
        articles=["1", "2", "2a", "3", "4", "5", "6"],
        divisions=[
            ("chapter", "1", "ZÁKLADNÍ USTANOVENÍ"),
            ("chapter", "2", "MOC ZÁKONODÁRNÁ"),
            ("chapter", "3", "PŘECHODNÁ A ZÁVĚREČNÁ USTANOVENÍ"),
        ],
        paragraphs={"1": ["1", "2"], "2": ["1", "2", "3"], "2a": [None], "5": [None, "a", "b"]},
        repealed={"3"},
        title="ÚSTAVA REPUBLIKY HORNÍ LUŽICE",
        placement={"2a": "ZÁKLADNÍ USTANOVENÍ", "4": "MOC ZÁKONODÁRNÁ"},
    ),
    "cs.md": Expected(
        articles=["1", "1a", "2", "3", "4", "5", "6"],
        divisions=[
            ("chapter", "1", "ZÁKLADNÍ USTANOVENÍ"),
            ("chapter", "2", "MOC VÝKONNÁ"),
            ("subchapter", None, "Prezident republiky"),
            ("subchapter", None, "Vláda"),
            ("chapter", "3", "PŘECHODNÁ A ZÁVĚREČNÁ USTANOVENÍ"),
        ],
        paragraphs={"1": ["1", "2"], "1a": [None], "2": ["1", "2"], "3": [None, "a", "b", "c"], "4": ["1", "2"]},
        repealed={"5"},
        title="Ústava republiky Horní Lužice",
        placement={"3": "Prezident republiky", "4": "Vláda", "6": "PŘECHODNÁ A ZÁVĚREČNÁ USTANOVENÍ"},
    ),
    "sk.txt": Expected(
        articles=["1", "2", "2a", "3", "4", "5", "6"],
        divisions=[
            ("chapter", "1", "ZÁKLADNÉ USTANOVENIA"),
            ("chapter", "2", "ZÁKONODARNÁ MOC"),
            ("chapter", "3", "PRECHODNÉ A ZÁVEREČNÉ USTANOVENIA"),
        ],
        paragraphs={"1": ["1", "2"], "2a": [None], "3": ["1", "2"], "5": [None, "a", "b"]},
        repealed={"4"},
        title="ÚSTAVA REPUBLIKY DOLNÝ POHRONIE",
    ),
    "pl.txt": Expected(
        articles=["1", "2", "2a", "3", "4", "5", "6"],
        divisions=[
            ("chapter", "I", "RZECZPOSPOLITA"),
            ("chapter", "II", "SEJM I SENAT"),
            ("chapter", "III", "PRZEPISY PRZEJŚCIOWE I KOŃCOWE"),
        ],
        paragraphs={"1": [None], "2": ["1", "2"], "4": ["1", "2"], "5": [None, "1", "2", "3"]},
        repealed={"3"},
        title="KONSTYTUCJA RZECZYPOSPOLITEJ NADWARCIAŃSKIEJ",
    ),
    "es.txt": Expected(
        articles=["1", "2", "3", "4", "4 bis", "5", "6", "adicional primera", "transitoria primera", "derogatoria", "final"],
        divisions=[
            ("title", None, "TÍTULO PRELIMINAR"),
            ("title", "I", "De los derechos y deberes fundamentales"),
            ("chapter", "1", "De los ciudadanos"),
            ("chapter", "2", "Derechos y libertades"),
            ("section", "1", "De los derechos fundamentales"),
        ],
        paragraphs={"1": ["1", "2"], "2": [None], "6": ["1", "2"], "derogatoria": [None]},
        repealed={"5"},
        title="CONSTITUCIÓN DE LA REPÚBLICA DE TIERRA ALTA",
        placement={"2": "TÍTULO PRELIMINAR", "3": "De los ciudadanos", "4 bis": "De los derechos fundamentales"},
    ),
    "es.md": Expected(
        articles=["1", "2", "3", "4", "4 bis", "5", "6", "adicional primera", "transitoria segunda", "final"],
        divisions=[
            ("title", None, "TÍTULO PRELIMINAR"),
            ("title", "I", "De los derechos y deberes fundamentales"),
            ("chapter", "1", "De los ciudadanos"),
            ("chapter", "2", "Derechos y libertades"),
            ("section", "1", "De los derechos fundamentales"),
            ("section", "2", "De los deberes de los ciudadanos"),
        ],
        paragraphs={"1": ["1", "2"], "3": ["1", "2"], "6": [None, "a", "b"]},
        repealed={"5"},
        title="Constitución de la República de Tierra Alta",
        placement={"2": "De los derechos y deberes fundamentales", "6": "De los deberes de los ciudadanos"},
    ),
    "fr.txt": Expected(
        articles=["1", "2", "3", "4", "5", "6", "6-1"],
        divisions=[
            ("title", "1", "De la souveraineté"),
            ("title", "II", "LE PRÉSIDENT DE LA RÉPUBLIQUE"),
            ("title", "III", "DES COLLECTIVITÉS TERRITORIALES"),
        ],
        paragraphs={"1": [None], "2": [None, None], "6-1": [None]},
        repealed={"5"},
        title="CONSTITUTION DE LA RÉPUBLIQUE DE BELLEVUE",
    ),
    "fr.md": Expected(
        articles=["L. 1", "L. 2", "L. 2-1", "L. 3", "L. 4", "L. 5"],
        divisions=[
            ("book", "I", "Dispositions générales"),
            ("title", "I", "Organisation de la commune"),
            ("chapter", "I", "Le conseil municipal"),
            ("section", "1", "Composition"),
            ("section", "2", "Fonctionnement"),
            ("chapter", "II", "Le maire"),
        ],
        paragraphs={"L. 1": [None], "L. 2": [None, "1", "2"], "L. 5": [None, "1", "2"]},
        repealed={"L. 3"},
        title="Code de l'administration communale de Bellevue",
        placement={"L. 2-1": "Composition", "L. 4": "Fonctionnement", "L. 5": "Le maire"},
    ),
    "uk.txt": Expected(
        articles=["1", "2", "2-1", "3", "4", "5", "6"],
        divisions=[
            ("section", "I", "ЗАГАЛЬНІ ЗАСАДИ"),
            ("section", "II", "ВЕРХОВНА РАДА"),
            ("section", "III", "ПРИКІНЦЕВІ ПОЛОЖЕННЯ"),
        ],
        paragraphs={"1": [None], "2": [None, None], "5": [None, "1", "2", "3"]},
        repealed={"3"},
        title="КОНСТИТУЦІЯ РЕСПУБЛІКИ ЗЕЛЕНИЙ ГАЙ",
    ),
    "et.txt": Expected(
        articles=["1", "2", "2¹", "3", "4", "5", "6"],
        divisions=[
            ("chapter", "I", "ÜLDSÄTTED"),
            ("chapter", "II", "RIIGIKOGU"),
            ("chapter", "III", "RAKENDUSSÄTTED"),
        ],
        paragraphs={"1": [None], "2¹": [None], "5": [None, "1", "2", "3"]},
        repealed={"3"},
        title="LOODESAARE VABARIIGI PÕHISEADUS",
    ),
    "it.txt": Expected(
        articles=["1", "2", "2-bis", "3", "4", "5", "I", "II"],
        divisions=[
            ("part", None, "PRINCIPI FONDAMENTALI"),
            ("part", "I", "DIRITTI E DOVERI DEI CITTADINI"),
            ("title", "I", "Rapporti civili"),
            ("title", "II", "Rapporti politici"),
            ("part", None, "DISPOSIZIONI TRANSITORIE E FINALI"),
        ],
        paragraphs={"1": [None, None], "2-bis": [None], "3": [None, None], "5": ["1", "2"]},
        repealed={"4"},
        title="COSTITUZIONE DELLA REPUBBLICA DI MONTEVERDE",
        placement={"2-bis": "PRINCIPI FONDAMENTALI", "4": "Rapporti civili", "II": "DISPOSIZIONI TRANSITORIE E FINALI"},
    ),
}


def _parse(name: str, *, language: str | None = None) -> Document:
    path = FIXTURES / name
    return parse_text(path.read_text(encoding="utf-8"), source=name, profile=load_profile(language) if language else None)


def test_every_language_has_a_fixture() -> None:
    assert {name.split(".")[0] for name in EXPECTED} == set(LANGUAGES)
    assert {path.name for path in FIXTURES.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("language", LANGUAGES)
def test_profile_loads_with_its_conventions(language: str) -> None:
    profile = load_profile(language)
    assert profile.language == language and profile.name and profile.title and profile.front_matter
    assert len(profile.words) == 25 and profile.divisions and profile.articles and profile.paragraphs
    assert profile.notes and profile.repealed


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_auto_detection_picks_the_fixtures_language(name: str) -> None:
    assert _parse(name).language == name.split(".")[0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_parses_into_the_expected_structure(name: str) -> None:
    assert_structure(_parse(name, language=name.split(".")[0]), EXPECTED[name])


ARTICLE_HEADING = {  # an article heading in each language's usual form, with its number as {}
    "cs": "Čl. {}", "sk": "Čl. {}", "pl": "Art. {}.", "es": "Artículo {}",
    "fr": "Article {}", "uk": "Стаття {}", "et": "§ {}.", "it": "Art. {}.",
}


@pytest.mark.parametrize(
    ("language", "heading", "number", "title"),
    [
        ("cs", "Čl. 5", "5", None), ("cs", "Čl.5", "5", None), ("cs", "Článek 10a", "10a", None),
        ("cs", "§ 12 Působnost", "12", "Působnost"), ("cs", "§ 3a.", "3a", None), ("cs", "Čl. IV", "IV", None),
        ("sk", "Čl. 5", "5", None), ("sk", "Článok 5", "5", None),
        ("sk", "§ 5 Predmet úpravy", "5", "Predmet úpravy"),
        ("pl", "Art. 5.", "5", None), ("pl", "Art 5", "5", None), ("pl", "Art. 10a.", "10a", None),
        ("es", "Artículo 5.", "5", None), ("es", "Artículo 5", "5", None), ("es", "Artículo 5 bis", "5 bis", None),
        ("es", "Artículo 3. Objeto de la ley", "3", "Objeto de la ley"), ("es", "Artículo único", "1", None),
        ("es", "Disposición adicional única.", "adicional única", None),
        ("fr", "Article 5", "5", None), ("fr", "Art 5", "5", None), ("fr", "Article 72-1", "72-1", None),
        ("fr", "Article 88-4", "88-4", None), ("fr", "Article premier", "1", None), ("fr", "Article 1er", "1", None),
        ("fr", "Art. L. 5", "L. 5", None), ("fr", "Article R. 123-4", "R. 123-4", None),
        ("uk", "Стаття 5", "5", None), ("uk", "Стаття 5.", "5", None), ("uk", "Стаття 3-1", "3-1", None),
        ("uk", "Стаття 85-1. Повноваження", "85-1", "Повноваження"),
        ("et", "§ 5.", "5", None), ("et", "§ 5", "5", None), ("et", "§ 5¹.", "5¹", None),
        ("et", "§ 12a. Riigilõiv", "12a", "Riigilõiv"),
        ("it", "Art. 5.", "5", None), ("it", "Art 5", "5", None), ("it", "Art. 116-bis", "116-bis", None),
        ("it", "Art. 110bis.", "110bis", None), ("it", "Art. 1-ter.", "1-ter", None), ("it", "Art. 1-bis", "1-bis", None),
        ("it", "Articolo 3 - Finalità", "3", "Finalità"),
    ],
)
def test_article_heading_styles(language: str, heading: str, number: str, title: str | None) -> None:
    (article,) = parse_text(f"{heading}\nText of the provision.\n", profile=load_profile(language)).articles()
    assert (article.number, article.title) == (number, title)
    assert [paragraph.text for paragraph in article.paragraphs] == ["Text of the provision."]


@pytest.mark.parametrize(
    ("language", "heading", "kind", "number", "title"),
    [
        ("cs", "ČÁST DRUHÁ", "part", "2", None), ("cs", "HLAVA PRVNÍ", "chapter", "1", None),
        ("cs", "HLAVA JEDENÁCTÁ", "chapter", "11", None), ("cs", "Díl 3", "division", "3", None),
        ("cs", "HLAVA II Moc zákonodárná", "chapter", "II", "Moc zákonodárná"),
        ("cs", "Oddíl první Obecná ustanovení", "section", "1", "Obecná ustanovení"),
        ("sk", "PRVÁ HLAVA", "chapter", "1", None), ("sk", "DEVÄTNÁSTA HLAVA", "chapter", "19", None),
        ("sk", "DRUHÝ ODDIEL", "section", "2", None), ("sk", "ČASŤ TRETIA", "part", "3", None),
        ("sk", "HLAVA IV", "chapter", "IV", None),
        ("pl", "Rozdział I", "chapter", "I", None), ("pl", "Rozdział IIa", "chapter", "IIa", None),
        ("pl", "Dział 2 Przepisy ogólne", "title", "2", "Przepisy ogólne"),
        ("es", "TÍTULO PRELIMINAR", "title", None, "TÍTULO PRELIMINAR"),
        ("es", "Título preliminar. Disposiciones generales", "title", None, "Título preliminar. Disposiciones generales"),
        ("es", "TÍTULO I. De la Corona", "title", "I", "De la Corona"),
        ("es", "CAPÍTULO PRIMERO. De las Cámaras", "chapter", "1", "De las Cámaras"),
        ("es", "CAPÍTULO DÉCIMO", "chapter", "10", None), ("es", "Capítulo único", "chapter", "1", None),
        ("es", "Sección 1.ª De los derechos", "section", "1", "De los derechos"),
        ("es", "Sección 2ª", "section", "2", None), ("es", "Sección primera", "section", "1", None),
        ("fr", "Titre premier", "title", "1", None), ("fr", "TITRE II", "title", "II", None),
        ("fr", "Titre Ier : Dispositions générales", "title", "I", "Dispositions générales"),
        ("fr", "Titre préliminaire : De l'application des lois", "title", None, "Titre préliminaire : De l'application des lois"),
        ("fr", "Livre deuxième", "book", "2", None), ("fr", "Chapitre premier", "chapter", "1", None),
        ("fr", "Chapitre III", "chapter", "III", None), ("fr", "Section 2 - Le maire", "section", "2", "Le maire"),
        ("fr", "Sous-section 1", "subsection", "1", None),
        ("uk", "Розділ I", "section", "I", None), ("uk", "Розділ ІV ВЕРХОВНА РАДА", "section", "IV", "ВЕРХОВНА РАДА"),
        ("uk", "Глава 2", "chapter", "2", None),
        ("et", "I PEATÜKK", "chapter", "I", None), ("et", "2. peatükk Riigikogu", "chapter", "2", "Riigikogu"),
        ("et", "1. jagu", "section", "1", None),
        ("it", "PARTE II", "part", "II", None), ("it", "Titolo I", "title", "I", None),
        ("it", "Capo I", "chapter", "I", None), ("it", "Capo primo", "chapter", "1", None),
        ("it", "Sezione II - Il Consiglio", "section", "II", "Il Consiglio"),
    ],
)
def test_division_heading_styles(language: str, heading: str, kind: str, number: str | None, title: str | None) -> None:
    text = f"{heading}\n{ARTICLE_HEADING[language].format(1)}\nText.\n"
    (division,) = parse_text(text, profile=load_profile(language)).divisions()
    assert (division.kind, division.number, division.title) == (kind, number, title)


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("cs", "hlava státu."), ("cs", "Část obce"), ("sk", "Celá hlava"), ("sk", "hlava štátu"),
        ("es", "Capítulo aparte"), ("fr", "Section efficace"), ("it", "capo dello Stato"), ("it", "Parte civile"),
    ],
)
def test_a_division_word_before_an_ordinary_word_is_text(language: str, line: str) -> None:
    text = f"{ARTICLE_HEADING[language].format(1)}\nText.\n{line}\n"
    document = parse_text(text, profile=load_profile(language))
    assert not document.divisions() and document.articles()[0].paragraphs[-1].text == line


def test_czech_level_four_headings() -> None:
    """Level 4 is a chapter's title, an unnumbered sub-division, or (rarely) an article heading."""
    text = "### HLAVA TŘETÍ\n#### MOC VÝKONNÁ\n#### Vláda\n#### Čl. 5\nText.\n#### Článek 6\nText.\n"
    document = parse_text(text, profile=load_profile("cs"))
    divisions = [(division.kind, division.number, division.title) for division in document.divisions()]
    assert divisions == [("chapter", "3", "MOC VÝKONNÁ"), ("subchapter", None, "Vláda")]
    assert [article.number for article in document.articles()] == ["5", "6"]


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("cs", "zrušen"), ("cs", "Zrušeno."), ("cs", "(vypuštěn)"), ("cs", "Byl zrušen ústavním zákonem č. 1/2030 Sb."),
        ("sk", "zrušený"), ("sk", "Vypustený."), ("pl", "(uchylony)"), ("pl", "skreślony"),
        ("es", "(Derogado)"), ("es", "Suprimido."), ("es", "Sin contenido."),
        ("fr", "Abrogé."), ("fr", "[Abrogé par la loi n° 3]"), ("uk", "Виключено."), ("uk", "Втратила чинність."),
        ("et", "[Kehtetu – RT I 2030, 1, 2 – jõust. 01.01.2031]"),
        ("it", "(abrogato)"), ("it", "Articolo abrogato dalla legge 1/2030."),
        ("cs", "-"), ("es", "…"), ("it", "..."),
    ],
)
def test_repealed_placeholders(language: str, body: str) -> None:
    heading = ARTICLE_HEADING[language]
    document = parse_text(f"{heading.format(1)}\nText.\n{heading.format(2)}\n{body}\n", profile=load_profile(language))
    assert [article.status for article in document.articles()] == [ArticleStatus.IN_FORCE, ArticleStatus.REPEALED]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("cs", "Zákon může být zrušen jen jiným zákonem."), ("sk", "Zákon zrušený ústavným súdom stráca účinnosť."),
        ("es", "Queda derogada la Ley 1/1977."), ("fr", "La loi abrogée cesse de produire effet."),
        ("it", "La legge abrogata non si applica."), ("uk", "Закон, який втратив чинність, не застосовується."),
    ],
)
def test_a_sentence_about_repeal_is_text(language: str, text: str) -> None:
    (article,) = parse_text(f"{ARTICLE_HEADING[language].format(1)}\n{text}\n", profile=load_profile(language)).articles()
    assert article.status is ArticleStatus.IN_FORCE and article.paragraphs[0].text == text


# --- real texts ---------------------------------------------------------------------------------

CZ_ARTICLES = [str(number) for number in range(1, 114)]
CZ_COUNTS = {  # in force from → articles (cz/README.md: Čl. 103 gone from 2000, Čl. 10a/10b from 2002-06-01)
    "1993-01-01": 113, "2000-01-01": 112, "2000-12-01": 112, "2002-01-01": 112, "2002-06-01": 114,
    "2003-03-01": 114, "2009-09-14": 114, "2012-10-01": 114, "2013-06-01": 114, "2026-01-01": 114,
}
CZ_CHAPTERS = [
    "ZÁKLADNÍ USTANOVENÍ", "MOC ZÁKONODÁRNÁ", "MOC VÝKONNÁ", "MOC SOUDNÍ", "NEJVYŠŠÍ KONTROLNÍ ÚŘAD",
    "ČESKÁ NÁRODNÍ BANKA", "ÚZEMNÍ SAMOSPRÁVA", "PŘECHODNÁ A ZÁVĚREČNÁ USTANOVENÍ",
]
ES_DISPOSITIONS = [
    *(f"adicional {word}" for word in ("primera", "segunda", "tercera", "cuarta")),
    *(f"transitoria {word}" for word in ("primera", "segunda", "tercera", "cuarta", "quinta", "sexta", "séptima", "octava", "novena")),
    "derogatoria",
    "final",
]


def _corpus_file(folder: str, name: str) -> Path:
    path = CORPUS / folder / name
    if not path.is_file():
        pytest.skip(f"real-text corpus not found at {path.parent} (it lives beside the repository, in ../shared/corpus)")
    return path


def _expected_cz_articles(in_force: str) -> list[str]:
    numbers = list(CZ_ARTICLES)
    if in_force >= "2000-01-01":
        numbers.remove("103")
    if in_force >= "2002-06-01":
        numbers[numbers.index("10") + 1 : numbers.index("10") + 1] = ["10a", "10b"]
    return numbers


@pytest.mark.parametrize("in_force", sorted(CZ_COUNTS))
def test_czech_constitution_versions(in_force: str) -> None:
    path = _corpus_file("cz", f"ustava-{in_force}.md")
    document = parse_text(path.read_text(encoding="utf-8"), source=path.name)
    assert document.language == "cs"
    numbers = [article.number for article in document.articles()]
    assert numbers == _expected_cz_articles(in_force) and len(numbers) == CZ_COUNTS[in_force]
    chapters = [division for division in document.divisions() if division.kind == "chapter"]
    assert [(chapter.number, chapter.title) for chapter in chapters] == [(str(n), t) for n, t in enumerate(CZ_CHAPTERS, 1)]
    subchapters = [(division.number, division.title) for division in document.divisions() if division.kind == "subchapter"]
    assert subchapters == [(None, "Prezident republiky"), (None, "Vláda"), (None, "Ústavní soud"), (None, "Soudy")]
    assert all(article.paragraphs for article in document.articles()) and not document.warnings


@pytest.mark.parametrize("in_force", ["1978-12-29", "1992-08-28", "2011-09-27", "2024-02-17"])
def test_spanish_constitution_versions(in_force: str) -> None:
    path = _corpus_file("es", f"constitucion-{in_force}.md")
    document = parse_text(path.read_text(encoding="utf-8"), source=path.name)
    assert document.language == "es"
    numbers = [article.number for article in document.articles()]
    assert numbers == [str(number) for number in range(1, 170)] + ES_DISPOSITIONS
    assert all(article.paragraphs for article in document.articles()) and not document.warnings
    titles = [division for division in document.divisions() if division.kind == "title"]
    assert [(title.number, title.title) for title in titles][:2] == [
        (None, "TÍTULO PRELIMINAR"), ("I", "De los derechos y deberes fundamentales")
    ]
    assert [title.number for title in titles][1:] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    assert len([division for division in document.divisions() if division.kind == "section"]) == 2
