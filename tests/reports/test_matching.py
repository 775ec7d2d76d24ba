"""Word overlap for German report lines: each result of the seed finds its topic, each
result concerns the measures it names, despite inflection and compounds."""

import pytest

from ikz.reports.matching import (
    MAX_PART,
    MAX_WORDS,
    best_match,
    concerns,
    overlap,
    stem,
    words,
    words_match,
)

# The seed's first list: the topics of the 7th Projektleitungsgruppe, in order.
SEED_TOPICS = [
    "Projektvorstellung „Smart Cities“ durch DSK-BIG",
    "Vorstellung der ersten Entwürfe für eine Corporate Identity + Logo",
    "Umsetzung gemeinsamer Stellenbörse und vernetzte Fachkräfteausbildung",
    "Fördermöglichkeiten für Online-Stadtplan",
    "Zentralisierung Gewerbeamt in Naunhof",
    "weiteres Vorgehen Rad- und Wanderwegekonzept",
    "Kosten und Einbindung Kulturserver",
    "Prüfung und Konkretisierung von Personal Sharing-Möglichkeiten",
]

# The seed's second list with the position (1-based) of the topic each result answers;
# "Gebührenfreie Werbung …" answers none.
SEED_RESULTS = [
    (
        "Corporate Identity: Favorisierung des ersten Entwurfs, endgültige Entscheidung im "
        "Leitbild-Workshop",
        2,
    ),
    ("Gemeinsame Stellenbörse: Veröffentlichung nach Relaunch der Website", 3),
    ("Kein gemeinsamer Ausbildungsplan forciert, Kooperation nur im Sinne der Vernetzung", 3),
    ("Online-Stadtplan: Förderfähigkeit prüfen", 4),
    (
        "Gewerbeamt: Rücksprache mit dem Ordnungsamt ist erfolgt, Zeitplan für nächste "
        "Lenkungsgruppe konkretisieren",
        5,
    ),
    (
        "Rad- und Wanderwegekonzept wird in Zusammenarbeit mit Tourismusverein Leipziger "
        "Neuseenland erstellt",
        6,
    ),
    ("Gebührenfreie Werbung für gemeinnützige Zwecke ist in allen Gemeinden möglich", None),
    ("Kulturserver: Einbindung ist gewünscht, Kostenfrage noch offen", 7),
    (
        "Zweckvereinbarungen für Personal Sharing in den Bereichen Archiv, "
        "Brandschutz/Löschhilfen und Vertretungsregelung Meldewesen sind gewünscht und z. T. "
        "vorliegend",
        8,
    ),
    (
        "Personal Sharing für das Forderungsmanagement und den SB Widerspruchsbearbeitung "
        "wird nicht verfolgt",
        8,
    ),
    (
        "Entscheidung zu Personal Sharing in der Lohnbuchhaltung steht aus, Kostenprüfung für "
        "interkommunale Zusammenarbeit vornehmen",
        8,
    ),
]
ZWECKVEREINBARUNGEN = SEED_RESULTS[8][0]
PERSONAL_SHARING_TOPIC = SEED_TOPICS[7]


# stem() and words() -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("zweckvereinbarungen", "zweckvereinbar"),
        ("leitbildes", "leitbild"),
        ("gemeinden", "gemeind"),
        ("kulturservers", "kulturserver"),
        ("kulturserver", "kulturserv"),
        ("werbung", "werbung"),
        ("ämter", "ämter"),
    ],
    ids=["ungen", "es", "en", "s", "er", "no-suffix", "stem-keeps-four-letters"],
)
def test_stem_strips_one_german_ending(word, expected):
    result = stem(word)

    assert result == expected


def test_words_lower_case_and_stem_each_word():
    result = words("Klärung der Kosten für die Einbindung des Kulturservers")

    assert result == ["klärung", "kost", "einbindung", "kulturserver"]


def test_words_gemeinsamer_and_gemeinsame_are_stop_words():
    inflected = (words("gemeinsamer Ausbildungsplan"), words("Gemeinsame Stellenbörse"))

    assert inflected == (["ausbildungspla"], ["stellenbörs"])


def test_words_drop_function_words_and_the_reports_common_vocabulary():
    result = words(
        "Kein gemeinsamer Ausbildungsplan forciert, Kooperation nur im Sinne der Vernetzung"
    )

    assert result == ["ausbildungspla", "forciert", "sinn", "vernetzung"]


def test_words_split_hyphenated_compounds_and_drop_single_letters():
    result = words("Online-Stadtplan, z. B. Meldewesen")

    # Stems need not be words: only equal treatment of both lines matters.
    assert result == ["onlin", "stadtpla", "meldewes"]


def test_words_of_a_line_of_stop_words_only_are_empty():
    result = words("Umsetzung der gemeinsamen Möglichkeiten")

    assert result == []


def test_words_stop_at_the_thousandth_distinct_word():
    numbered = [f"wort{number:04d}" for number in range(MAX_WORDS + 1)]

    result = words(" ".join(["wort0000", *numbered, "wort0001"]))

    assert result == ["wort0000", *numbered[:MAX_WORDS]]


# words_match() ----------------------------------------------------------------------


def test_words_match_kulturservers_and_kulturserver_despite_different_stems():
    (inflected,), (plain,) = words("Kulturservers"), words("Kulturserver")

    assert (inflected != plain, words_match(inflected, plain), words_match(plain, inflected)) == (
        True,
        True,
        True,
    )


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("ausbildungsplan", "fachkräfteausbildung", True),
        ("fachkräfteausbildung", "ausbildungsplan", True),
        ("ausbildungspla", "fachkräfteausbildung", True),
        ("stellenbörs", "stellenbörs", True),
        ("gemeinnützige", "gemeinden", False),
        ("gemeinnützig", "gemeind", False),
        ("förderfähigkeit", "fördermöglichkeit", False),
        ("personal", "sharing", False),
    ],
    ids=[
        "compound-head-and-modifier",
        "symmetric",
        "stemmed",
        "equal",
        "gemeinnützige-gemeinden",
        "gemeinnützige-gemeinden-stemmed",
        "shared-prefix-too-short",
        "unrelated",
    ],
)
def test_words_match_compounds_share_a_part_of_seven_letters_at_an_edge(a, b, expected):
    result = words_match(a, b)

    assert result is expected


def test_words_match_a_part_inside_both_words_is_no_match():
    # "dienstleist" is 11 letters, at the edge of neither word.
    result = words_match("xxdienstleistxx", "yydienstleistyy")

    assert result is False


# A part of 41 letters that no shorter part of it starts and ends alike.
LONG_PART = "abcdefghijklmnopqrstuvwxyzäöüß0123456789k"


@pytest.mark.parametrize(
    ("part", "expected"),
    [(LONG_PART[1:], True), (LONG_PART, False)],
    ids=["forty-letters", "forty-one-letters"],
)
def test_words_match_compares_parts_of_at_most_forty_letters(part, expected):
    # The modifier of one word is the head of the other, and only at its full length.
    modifier, head = part + "zzz", "yyy" + part

    result = (words_match(modifier, head), len(part) <= MAX_PART)

    assert result == (expected, expected)


def test_overlap_counts_each_repetition_of_a_matching_word():
    result = overlap(["kulturserv", "kulturserv", "kost"], ["kulturserver"])

    assert result == 2


# best_match() -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "topic_position"),
    SEED_RESULTS,
    ids=[f"result-{number}" for number in range(1, len(SEED_RESULTS) + 1)],
)
def test_best_match_each_seed_result_finds_its_topic(result, topic_position):
    index = best_match(result, SEED_TOPICS)

    assert (index + 1 if index is not None else None) == topic_position


def test_best_match_all_seed_results_in_order():
    positions = [best_match(result, SEED_TOPICS) for result, _topic in SEED_RESULTS]

    assert [p + 1 if p is not None else None for p in positions] == [
        2, 3, 3, 4, 5, 6, None, 7, 8, 8, 8,
    ]  # fmt: skip


def test_best_match_tie_goes_to_the_earlier_candidate():
    # "Gewerbeamt" matches topic 5, "konkretisieren" topic 8 ("Konkretisierung"): one each.
    gewerbeamt = SEED_RESULTS[4][0]

    index = best_match(gewerbeamt, SEED_TOPICS)

    assert index == 4


def test_best_match_minimum_two_words_needs_two_words_in_common():
    online = "Online-Stadtplan: Förderfähigkeit prüfen"  # "online", "stadtplan"
    stellenboerse = "Gemeinsame Stellenbörse: Veröffentlichung nach Relaunch der Website"

    result = (
        best_match(online, SEED_TOPICS, minimum=2),
        best_match(online, SEED_TOPICS, minimum=3),
        best_match(stellenboerse, SEED_TOPICS, minimum=1),
        best_match(stellenboerse, SEED_TOPICS, minimum=2),
    )

    assert result == (3, None, 2, None)


def test_best_match_next_step_finds_its_result_through_an_inflected_word():
    step = "Klärung der Kosten für die Einbindung des Kulturservers auf partheland.de"
    results = [text for text, _topic in SEED_RESULTS]

    index = best_match(step, results, minimum=2)

    assert results[index] == "Kulturserver: Einbindung ist gewünscht, Kostenfrage noch offen"


def test_best_match_a_word_of_a_million_letters_matches_by_its_start():
    result = best_match("Kulturserver" + "x" * 1_000_000, SEED_TOPICS)

    assert result == 6


def test_best_match_without_candidates_is_none():
    result = best_match("Online-Stadtplan: Förderfähigkeit prüfen", [])

    assert result is None


# concerns() -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        ("Personal Sharing Archiv", True),
        ("Personal Sharing Brandschutz/Löschhilfen", True),
        ("Personal Sharing Vertretungsregelung Meldewesen", True),
        ("Personal Sharing", True),
        ("Personal Sharing Lohnbuchhaltung", False),
        ("Personal Sharing Forderungsmanagement", False),
        ("Zentralisierung Gewerbeamt", False),
    ],
)
def test_concerns_zweckvereinbarungen_result_names_its_measures(measure, expected):
    result = concerns(measure, ZWECKVEREINBARUNGEN, PERSONAL_SHARING_TOPIC)

    assert result is expected


def test_concerns_every_title_word_must_be_in_the_line_or_its_topic():
    line = "Entscheidung zu Personal Sharing in der Lohnbuchhaltung steht aus"

    result = (
        concerns("Personal Sharing Lohnbuchhaltung", "Lohnbuchhaltung", PERSONAL_SHARING_TOPIC),
        concerns("Personal Sharing Lohnbuchhaltung", "Lohnbuchhaltung"),
        concerns("Personal Sharing Lohnbuchhaltung", line),
    )

    assert result == (True, False, True)


def test_concerns_a_word_only_in_the_topic_is_not_enough():
    result = concerns("Smart Cities", "Vorstellung durch DSK-BIG", SEED_TOPICS[0])

    assert result is False


def test_concerns_compound_in_the_line_matches_the_measure_title():
    line = "Kein gemeinsamer Ausbildungsplan forciert, Kooperation nur im Sinne der Vernetzung"

    result = (
        concerns("Vernetzte Fachkräfteausbildung", line, SEED_TOPICS[2]),
        concerns("Gemeinsame Stellenbörse", line, SEED_TOPICS[2]),
    )

    assert result == (True, False)


def test_concerns_a_title_of_stop_words_only_concerns_nothing():
    result = concerns("Gemeinsame Kooperation", "Gemeinsame Kooperation")

    assert result is False
