"""The words of a text as the full-text index reads them, on both databases alike.

PostgreSQL stems German itself (its ``german`` configuration, Snowball's algorithm);
SQLite's FTS5 stems no German, so there the index holds the stems Snowball's German
algorithm gives in Python (``snowballstemmer``), the same algorithm. Before either,
``fold`` spells "ae", "oe" and "ue" after a consonant as the umlaut they stand for, as
people type them without a German keyboard: "Stellenboerse" and "Stellenbörse" become
one word, while "Bauen" and "Steuer" keep their vowels. Every word of a query is
matched as the start of a word ("Gewerbe" finds "Gewerbeamt"): German joins its words.
A query's words all have to match."""

import functools
import re

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Letters and digits; the underscore and everything else separate words, as they do for
# PostgreSQL's parser.
WORD = re.compile(r"[^\W_]+")
# "ae", "oe", "ue" for "ä", "ö", "ü", unless a vowel comes before ("Bauen", "Steuer").
TRANSLITERATED = re.compile(r"(?<![aeiouyäöü])([aou])e")
UMLAUTS = {"a": "ä", "o": "ö", "u": "ü"}
# The words of a query: more would only make a query nobody types.
MAX_QUERY_WORDS = 8
# The shortest query worth running: one letter matches the start of too many words.
MIN_QUERY_LETTERS = 3

# Function words: PostgreSQL's german configuration drops them from a query (they are in
# its list of stop words), so a query with them finds on SQLite what it finds there.
STOPWORDS = frozenset(
    """
    aber alle allen als am an auch auf aus bei bis da das dass dem den der des die durch
    ein eine einem einen einer eines er es für im in ist mit nach noch nur ob oder sich
    sie sind so über um und vom von vor wie wird werden zu zum zur
    """.split()
)

_STEMMER = snowballstemmer.stemmer("german")


@functools.lru_cache(maxsize=16384)
def fold(word: str) -> str:
    """The word in lower case with "ae", "oe", "ue" after a consonant as umlauts."""
    return TRANSLITERATED.sub(lambda match: UMLAUTS[match[1]], word.lower())


@functools.lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The folded word's Snowball stem: "Gewerbeämter" and "Gewerbeamts" → "gewerbeamt"."""
    return _STEMMER.stemWord(fold(word))


def folded_text(text: str) -> str:
    """What PostgreSQL's german configuration reads: the words folded, in order."""
    return " ".join(fold(word) for word in WORD.findall(text))


def stemmed_text(text: str) -> str:
    """What SQLite's FTS5 reads: the words' stems, in order."""
    return " ".join(stem(word) for word in WORD.findall(text))


def query_words(query: str) -> list[str]:
    """The words of a query that are worth looking for (no "und", "der"), each once,
    in their order, at most ``MAX_QUERY_WORDS``."""
    words: list[str] = []
    for word in WORD.findall(query):
        folded = fold(word)
        if folded not in STOPWORDS and folded not in words:
            words.append(folded)
    return words[:MAX_QUERY_WORDS]


def postgres_query(words: list[str], *, title_only: bool = False) -> str:
    """``to_tsquery('german', …)``'s text: every word as the start of a word, all of
    them; with ``title_only``, in the title (weight A) only. The words hold letters and
    digits only (``WORD``), so quoting them as lexemes is safe."""
    weight = "A" if title_only else ""
    return " & ".join(f"'{word}':*{weight}" for word in words)


def sqlite_query(words: list[str], *, title_only: bool = False) -> str:
    """FTS5's MATCH expression: every word's stem as the start of a word, all of them;
    with ``title_only``, in the title column only."""
    expression = " AND ".join(f'"{stem(word)}"*' for word in words)
    return f"title_terms : ({expression})" if title_only else expression


def _matches(word: str, stems: tuple[str, ...]) -> bool:
    return any(stem(word).startswith(wanted) for wanted in stems)


def query_stems(words: list[str]) -> tuple[str, ...]:
    return tuple(stem(word) for word in words)


def mark(text: str, stems: tuple[str, ...]) -> SafeString:
    """The text, escaped, with each word that matches a query's stem in ``<mark>``."""
    parts, position = [], 0
    for match in WORD.finditer(text):
        parts.append(escape(text[position : match.start()]))
        word = escape(match[0])
        parts.append(f"<mark>{word}</mark>" if _matches(match[0], stems) else word)
        position = match.end()
    parts.append(escape(text[position:]))
    # Escaped above, piece by piece.
    return mark_safe("".join(parts))  # noqa: S308


def excerpt(text: str, stems: tuple[str, ...], *, width: int = 240) -> SafeString:
    """About ``width`` characters of the text around its first matching word, marked,
    with "…" where it is cut; its start where no word matches (the title did)."""
    first = next((match.start() for match in WORD.finditer(text) if _matches(match[0], stems)), 0)
    start = max(0, first - width // 3)
    if start:
        # Begin at a word: after the space before it.
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    cut = " ".join(text[start:end].split())
    marked = mark(cut, stems)
    return mark_safe(  # noqa: S308 marked and escaped by mark()
        ("… " if start else "") + marked + (" …" if end < len(text) else "")
    )
