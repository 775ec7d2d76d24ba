"""The words as the index reads them: folded, stemmed by Snowball's German algorithm,
and marked in a hit."""

import pytest

from ikz.search import terms


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("Gewerbeamt", "gewerbeamt"),
        ("Gewerbeämter", "gewerbeamt"),
        ("Gewerbeamts", "gewerbeamt"),
        ("Stellenbörse", "stellenbors"),
        ("Stellenboerse", "stellenbors"),
        ("STELLENBÖRSE", "stellenbors"),
        ("Uebersicht", terms.stem("Übersicht")),
        ("Bauen", "bau"),
        ("Steuern", terms.stem("Steuer")),
    ],
)
def test_stem_joins_forms_and_spellings_of_a_word(word, stem):
    assert terms.stem(word) == stem


def test_fold_keeps_ue_after_a_vowel():
    assert [terms.fold(word) for word in ("Bauer", "Steuer", "Muenchen", "Oel")] == [
        "bauer",
        "steuer",
        "münchen",
        "öl",
    ]


def test_query_words_leave_out_function_words_and_repeats():
    assert terms.query_words("Die Gewerbeämter und das Gewerbeämter der Stadt") == [
        "gewerbeämter",
        "stadt",
    ]


def test_postgres_and_sqlite_queries_match_every_word_as_a_start():
    words = terms.query_words("Gewerbeämter Naunhof")

    assert (
        terms.postgres_query(words),
        terms.postgres_query(words, title_only=True),
        terms.sqlite_query(words),
        terms.sqlite_query(words, title_only=True),
    ) == (
        "'gewerbeämter':* & 'naunhof':*",
        "'gewerbeämter':*A & 'naunhof':*A",
        '"gewerbeamt"* AND "naunhof"*',
        'title_terms : ("gewerbeamt"* AND "naunhof"*)',
    )


def test_query_words_hold_no_quote_or_operator():
    assert terms.query_words("\"a' OR -b:* & (Amt)") == ["a", "or", "b", "amt"]


def test_mark_marks_every_form_and_escapes_the_rest():
    stems = terms.query_stems(terms.query_words("Gewerbeamt"))

    assert str(terms.mark("Die Gewerbeämter <b>& das Gewerbeamt", stems)) == (
        "Die <mark>Gewerbeämter</mark> &lt;b&gt;&amp; das <mark>Gewerbeamt</mark>"
    )


def test_mark_marks_a_word_the_query_begins():
    stems = terms.query_stems(terms.query_words("gewerbe"))

    assert str(terms.mark("Zentralisierung Gewerbeamt", stems)) == (
        "Zentralisierung <mark>Gewerbeamt</mark>"
    )


def test_excerpt_cuts_around_the_first_match():
    text = " ".join(["Vorwort"] * 60 + ["Stellenbörse"] + ["Nachwort"] * 60)
    stems = terms.query_stems(terms.query_words("Stellenboerse"))

    excerpt = str(terms.excerpt(text, stems, width=80))

    assert (excerpt.startswith("… Vorwort"), "<mark>Stellenbörse</mark>" in excerpt) == (
        True,
        True,
    )
    assert (excerpt.endswith("Nachwort …"), len(excerpt) < 140) == (True, True)
