"""Word overlap for German report lines, robust to compounds and inflection.

A result line of a meeting names its topic in other words: "Ausbildungsplan" answers
"vernetzte Fachkräfteausbildung", "Kulturservers" answers "Kulturserver". Two words
match when their stems are equal, or when they share a part of at least
``MIN_PART`` letters at the start or end of both (compound head or modifier:
"ausbildung|splan" and "fachkräfte|ausbildung")."""

import re

MIN_PART = 7
# Words that carry no topic: function words and the vocabulary every line of a
# cooperation report uses.
STOPWORDS = frozenset(
    """
    aber alle allen als am an auch auf aus bei bis da das dass de dem den der des die durch
    ein eine einem einen einer eines er es für ggf im in ist mit nach noch nur ob oder sich
    sie sind so über um und vom von vor wie wird werden zu zum zur z b t bzw ca
    gemeinsam gemeinsame gemeinsamer gemeinsamen interkommunal interkommunale interkommunalen
    kooperation zusammenarbeit möglich möglichkeit möglichkeiten prüfen prüfung weiteres
    weitere vorgehen umsetzung vorstellung thema themen kein keine
    """.split()
)
SUFFIXES = ("ungen", "innen", "ern", "en", "er", "es", "em", "e", "s", "n")
WORD = re.compile(r"[a-zäöüß0-9]+")


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """The meaningful words of a line, lower-cased and stemmed."""
    return [
        stem(word)
        for word in WORD.findall(text.lower())
        if word not in STOPWORDS and len(word) >= 2
    ]


def _shares_part(a: str, b: str) -> bool:
    for length in range(min(len(a), len(b)), MIN_PART - 1, -1):
        for start in range(len(a) - length + 1):
            part = a[start : start + length]
            a_edge = start == 0 or start + length == len(a)
            position = b.find(part)
            while position != -1:
                if a_edge and (position == 0 or position + length == len(b)):
                    return True
                position = b.find(part, position + 1)
    return False


def words_match(a: str, b: str) -> bool:
    return a == b or _shares_part(a, b)


def overlap(line: list[str], other: list[str]) -> int:
    """How many words of ``line`` find a match in ``other``."""
    return sum(1 for word in line if any(words_match(word, candidate) for candidate in other))


def best_match(line: str, candidates: list[str], *, minimum: int = 1) -> int | None:
    """Index of the candidate sharing most words with ``line``; None when none shares
    ``minimum`` words. Ties go to the earlier candidate, as topics are listed in order
    of discussion."""
    line_words = words(line)
    best, best_score = None, minimum - 1
    for index, candidate in enumerate(candidates):
        score = overlap(line_words, words(candidate))
        if score > best_score:
            best, best_score = index, score
    return best


def concerns(measure_title: str, line: str, context: str = "") -> bool:
    """Whether a result line concerns a measure: every word of the measure's title is
    found in the line or its topic (``context``), and at least one in the line itself,
    so a topic shared by two measures does not drag in the one the result is not about."""
    title_words = words(measure_title)
    if not title_words:
        return False
    line_words = words(line)
    context_words = line_words + words(context)
    return overlap(title_words, context_words) == len(title_words) and bool(
        overlap(title_words, line_words)
    )
