"""Word overlap for German report lines, robust to compounds and inflection.

A result line of a meeting names its topic in other words: "Ausbildungsplan" answers
"vernetzte Fachkräfteausbildung", "Kulturservers" answers "Kulturserver". Two words
match when their stems are equal, or when they share a part of at least
``MIN_PART`` letters at the start or end of both (compound head or modifier:
"ausbildung|splan" and "fachkräfte|ausbildung").

The work is linear in the length of the texts: a word stands for the set of its
``keys`` (itself and its edge parts), so two lines are compared by looking keys up in
a dict, not by comparing every word with every other, and a part is never longer than
``MAX_PART`` letters."""

import functools
import re
from collections.abc import Iterator

MIN_PART = 7
# Parts longer than this are not compared: German compounds have heads and modifiers
# far shorter, and comparing every length of a long word would take time quadratic in
# it (a stored text may be one word of a million letters).
MAX_PART = 40
# A text's words are read up to its MAX_WORDS-th distinct one, which bounds the keys
# held per text: a line the importer reads (at most 2,000 characters, so at most 667
# words of two letters or more) is read whole.
MAX_WORDS = 1000
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


@functools.lru_cache(maxsize=4096)
def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=256)
def _words(text: str) -> tuple[str, ...]:
    # Cached: ``concerns`` reads the same result line once per measure.
    found: list[str] = []
    distinct: set[str] = set()
    for match in WORD.finditer(text.lower()):
        word = match.group()
        if word in STOPWORDS or len(word) < 2:
            continue
        word = stem(word)
        if word not in distinct:
            if len(distinct) == MAX_WORDS:
                break
            distinct.add(word)
        found.append(word)
    return tuple(found)


def words(text: str) -> list[str]:
    """The meaningful words of a line, lower-cased and stemmed, up to the
    ``MAX_WORDS``-th distinct one."""
    return list(_words(text))


def _keys(word: str) -> Iterator[str]:
    """The word and its parts at its start and end of ``MIN_PART`` to ``MAX_PART``
    letters: two words match when they have a key in common."""
    yield word
    for length in range(MIN_PART, min(len(word), MAX_PART) + 1):
        yield word[:length]
        yield word[-length:]


def words_match(a: str, b: str) -> bool:
    return a == b or not set(_keys(a)).isdisjoint(_keys(b))


def _index(line: list[str]) -> dict[str, list[str]]:
    """The distinct words of ``line`` by each of their keys."""
    index: dict[str, list[str]] = {}
    for word in dict.fromkeys(line):
        for key in _keys(word):
            index.setdefault(key, []).append(word)
    return index


def _matched(index: dict[str, list[str]], other: list[str]) -> set[str]:
    """The words of the indexed line that match a word of ``other``; each key is looked
    up once, so the work is linear in the words of both."""
    hits = {key for word in dict.fromkeys(other) for key in _keys(word) if key in index}
    return {word for key in hits for word in index[key]}


def _overlap(line: list[str], index: dict[str, list[str]], other: list[str]) -> int:
    matched = _matched(index, other)
    return sum(1 for word in line if word in matched)


def overlap(line: list[str], other: list[str]) -> int:
    """How many words of ``line`` find a match in ``other``."""
    return _overlap(line, _index(line), other)


def best_match(line: str, candidates: list[str], *, minimum: int = 1) -> int | None:
    """Index of the candidate sharing most words with ``line``; None when none shares
    ``minimum`` words. Ties go to the earlier candidate, as topics are listed in order
    of discussion."""
    line_words = words(line)
    index = _index(line_words)
    best, best_score = None, minimum - 1
    for position, candidate in enumerate(candidates):
        score = _overlap(line_words, index, words(candidate))
        if score > best_score:
            best, best_score = position, score
    return best


def concerns(measure_title: str, line: str, context: str = "") -> bool:
    """Whether a result line concerns a measure: every word of the measure's title is
    found in the line or its topic (``context``), and at least one in the line itself,
    so a topic shared by two measures does not drag in the one the result is not about."""
    title_words = words(measure_title)
    if not title_words:
        return False
    index = _index(title_words)
    line_words = words(line)
    context_words = line_words + words(context)
    return _overlap(title_words, index, context_words) == len(title_words) and bool(
        _overlap(title_words, index, line_words)
    )
