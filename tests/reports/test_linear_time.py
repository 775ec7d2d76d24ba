"""No text makes reading or rendering a report take more than linear time: a line of a
million spaces, a word of a million letters, "durch " 170,000 times, a million „, a
million digits and dots, nor a stored result of 9 MB.

Nothing here reads a clock; the work is counted, two ways:

* Regular expressions run in ``re``'s engine, in C, where Python's tracing does not see
  them. ``Backtracker`` matches a pattern the way that engine does – over ``re``'s own
  parse of it, greedy and lazy repetitions longest or shortest first, alternatives in
  order, lookarounds, atomic groups – and counts its steps: each node tried at a
  position, each character tested, each step back. It finds what ``re`` finds (checked
  on every input). Every pattern of the modules that read user text is run over every
  adversarial input at 200 and at 2,000 characters (the counter is Python, and slow):
  ten times the input may take at most ``GROWTH`` times the steps. A pattern quadratic
  in its input takes about 100 times: the former meeting heading pattern did on spaces,
  the former "durch" pattern on "durch " before a comma, the former "wird .*erstellt"
  on "wird " repeated.
* The functions that read report lines (heading, topic, result, next step, a whole
  report's blocks, the word matching, the Markdown escaping) run on the same inputs at
  10 KB, 100 KB and 1 MB under ``sys.settrace``, which counts every line of Python they
  execute: ten times the input may take at most ``GROWTH`` times the lines. The C work
  in between is that of the patterns counted above, and of str methods (find, split,
  lower), which are linear.

The importer refuses lines over 2,000 characters (readers.py), but these functions also
read stored texts, so they are tested directly, beyond that limit.
"""

import datetime
import io
import re
import sys
import zipfile
from collections.abc import Callable
from re import _constants as sre  # re's parse tree, the structure Backtracker walks
from re import _parser

import docx
import pptx
import pytest
from pypdf import PdfReader

from ikz.reports import exporters, matching, outline, parsing, periods, slides
from ikz.reports.domain import MeetingSection, ReportData, ResultLine
from ikz.reports.exporters import get_exporter
from ikz.reports.outline import ELLIPSIS, MAX_TEXT, Block, shorten
from ikz.reports.readers import ReportImportError

# At most this many times the work for ten times the input: linear with room for the
# constant part; quadratic work grows a hundredfold.
GROWTH = 12
MEETING_DAY = datetime.date(2020, 5, 11)
REPORT_DAY = datetime.date(2020, 5, 25)

# Counting regular expression steps --------------------------------------------------

ONE_CHARACTER = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)


class Backtracker:
    """A backtracking matcher over ``re``'s parse of a pattern that counts its steps."""

    def __init__(self, pattern: re.Pattern):
        self.tree = _parser.parse(pattern.pattern, pattern.flags)
        self.ignore_case = bool(pattern.flags & re.IGNORECASE)
        self.dot_all = bool(pattern.flags & re.DOTALL)
        self.multiline = bool(pattern.flags & re.MULTILINE)
        self.steps = 0
        self.text = ""

    def finditer(self, text: str) -> list[tuple[int, int]]:
        """The spans ``Pattern.finditer`` finds, each searched for from every position
        on: at least the work of ``search`` and of ``match``."""
        self.text = text
        spans: list[tuple[int, int]] = []
        start = 0
        while start <= len(text):
            for position in range(start, len(text) + 1):
                end = self._sequence(self.tree, 0, position, _found)
                if end is not None:
                    break
            else:
                break
            spans.append((position, end))
            start = end if end > position else end + 1
        return spans

    def _sequence(self, nodes, index: int, position: int, then: Callable):
        while index < len(nodes):
            self.steps += 1
            op, argument = nodes[index]
            if op in ONE_CHARACTER:
                if not self._character(op, argument, position):
                    return None
                position += 1
            elif op is sre.AT:
                if not self._at(argument, position):
                    return None
            else:
                return self._node(
                    op,
                    argument,
                    position,
                    lambda end, rest=index + 1: self._sequence(nodes, rest, end, then),
                )
            index += 1
        return then(position)

    def _node(self, op, argument, position: int, then: Callable):
        if op is sre.SUBPATTERN:
            return self._sequence(argument[3], 0, position, then)
        if op is sre.BRANCH:
            for alternative in argument[1]:
                end = self._sequence(alternative, 0, position, then)
                if end is not None:
                    return end
            return None
        if op is sre.ATOMIC_GROUP:
            end = self._sequence(argument, 0, position, _found)
            return None if end is None else then(end)
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, nodes = argument
            if direction == 1:
                found = self._sequence(nodes, 0, position, _found) is not None
            else:  # a lookbehind has a single width
                width = nodes.getwidth()[0]
                found = (
                    position >= width
                    and self._sequence(
                        nodes, 0, position - width, lambda end: end if end == position else None
                    )
                    is not None
                )
            return then(position) if found == (op is sre.ASSERT) else None
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            return self._repeat(op, argument, position, then)
        raise NotImplementedError(f"{op} is not counted yet; teach Backtracker")

    def _repeat(self, op, argument, position: int, then: Callable):
        low, high, nodes = argument
        if len(nodes) == 1 and nodes[0][0] in ONE_CHARACTER:
            item, item_argument = nodes[0]
            high = min(high, len(self.text) - position)
            count = 0
            if op is sre.MIN_REPEAT:
                while True:
                    if count >= low and (end := then(position + count)) is not None:
                        return end
                    if count >= high or not self._character(item, item_argument, position + count):
                        return None
                    count += 1
            while count < high and self._character(item, item_argument, position + count):
                count += 1
            if op is sre.POSSESSIVE_REPEAT:
                return then(position + count) if count >= low else None
            while count >= low:
                end = then(position + count)
                if end is not None:
                    return end
                count -= 1
                self.steps += 1
            return None
        if op is sre.POSSESSIVE_REPEAT:
            raise NotImplementedError("a possessive repetition of a group is not counted yet")
        lazy = op is sre.MIN_REPEAT

        def repeat(count: int, start: int):
            self.steps += 1
            if lazy and count >= low and (end := then(start)) is not None:
                return end
            if count < high:
                end = self._sequence(
                    nodes, 0, start, lambda at: repeat(count + 1, at) if at != start else None
                )
                if end is not None:
                    return end
            return then(start) if not lazy and count >= low else None

        return repeat(0, position)

    def _same(self, character: str, code: int) -> bool:
        literal = chr(code)
        return character == literal or (self.ignore_case and character.lower() == literal.lower())

    def _character(self, op, argument, position: int) -> bool:
        self.steps += 1
        if position >= len(self.text):
            return False
        character = self.text[position]
        if op is sre.ANY:
            return self.dot_all or character != "\n"
        if op is sre.LITERAL:
            return self._same(character, argument)
        if op is sre.NOT_LITERAL:
            return not self._same(character, argument)
        return self._in(argument, character)

    def _in(self, items, character: str) -> bool:
        negate, found = False, False
        variants = {character}
        if self.ignore_case:
            variants |= {character.lower(), character.upper()}
        codes = {ord(variant) for variant in variants if len(variant) == 1}
        for op, argument in items:
            if op is sre.NEGATE:
                negate = True
            elif op is sre.LITERAL:
                found |= self._same(character, argument)
            elif op is sre.RANGE:
                found |= any(argument[0] <= code <= argument[1] for code in codes)
            elif op is sre.CATEGORY:
                found |= CATEGORIES[argument](character)
            else:
                raise NotImplementedError(f"{op} in a set is not counted yet")
        return found != negate

    def _word(self, position: int) -> bool:
        return 0 <= position < len(self.text) and _is_word(self.text[position])

    def _at(self, code, position: int) -> bool:
        text = self.text
        if code is sre.AT_BEGINNING_STRING or (code is sre.AT_BEGINNING and not self.multiline):
            return position == 0
        if code is sre.AT_BEGINNING:
            return position == 0 or text[position - 1] == "\n"
        if code is sre.AT_END_STRING:
            return position == len(text)
        if code is sre.AT_END:
            if self.multiline:
                return position == len(text) or text[position] == "\n"
            return position == len(text) or (position == len(text) - 1 and text[-1] == "\n")
        if code in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY):
            if not text:
                return False
            boundary = self._word(position - 1) != self._word(position)
            return boundary == (code is sre.AT_BOUNDARY)
        raise NotImplementedError(f"{code} is not counted yet")


def _found(position: int) -> int:
    return position


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


CATEGORIES = {
    sre.CATEGORY_DIGIT: str.isdecimal,
    sre.CATEGORY_NOT_DIGIT: lambda character: not character.isdecimal(),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda character: not character.isspace(),
    sre.CATEGORY_WORD: _is_word,
    sre.CATEGORY_NOT_WORD: lambda character: not _is_word(character),
}


def regex_steps(pattern: re.Pattern, text: str) -> int:
    counter = Backtracker(pattern)
    spans = counter.finditer(text)
    assert spans == [match.span() for match in pattern.finditer(text)]  # counts what re does
    return counter.steps


# Counting lines of Python -----------------------------------------------------------


def python_lines(call: Callable[[], object]) -> int:
    """Lines of Python executed by ``call``, in every function it calls (the caches of
    ``matching`` emptied first, so that nothing is counted as done before)."""
    matching._words.cache_clear()
    matching.stem.cache_clear()
    count = 0

    def trace(frame, event, argument):
        nonlocal count
        if event == "line":
            count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        call()
    except ReportImportError:
        pass  # refusing the line is an answer too; the work up to it is counted
    finally:
        sys.settrace(previous)
    return count


# Adversarial inputs -----------------------------------------------------------------


def repeated(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def tailed(start: str) -> Callable[[int], str]:
    """``start``, spaces up to the size, then what makes a match fail late."""
    return lambda size: start + " " * max(size - len(start) - 4, 0) + "x\n,x"


def distinct_words(size: int) -> str:
    return " ".join(f"wort{number:07d}" for number in range(size // 12 + 1))[:size]


ADVERSARIAL = {
    # Runs of one character.
    "spaces": repeated(" "),
    "word": repeated("fachkräfteausbildung"),
    "letter": repeated("a"),
    "digits": repeated("1"),
    "quotes": repeated("„"),
    "backslashes": repeated("\\"),
    "hashes": repeated("#"),
    "dashes": repeated("-"),
    "angles": repeated("<"),
    "newlines": repeated("\n"),
    # A word or mark the patterns look for, over and over.
    "durch": repeated("durch "),
    "wird": repeated("wird "),
    "in": repeated(" in"),
    "bis": repeated("bis "),
    "bis-ende-des": repeated("bis zum Ende des "),
    "zur-naechsten": repeated("zur nächsten "),
    "naechste": repeated("nächste "),
    "in-der": repeated("in der "),
    "ist-in-allen": repeated("ist in allen "),
    "nicht-weiter": repeated("nicht weiter "),
    "digits-and-dots": repeated("1."),
    "date-like": repeated("12.12."),
    "iso-date-like": repeated("2020-1-"),
    "open-quotes": repeated("„a"),
    "months": repeated("Juni "),
    "markup": repeated("<&[|\\*"),
    "distinct-words": distinct_words,
    # A start the patterns look for, then spaces and a failing end.
    "durch-spaces": tailed("durch"),
    "durch-then-comma": lambda size: repeated("durch ")(size - 1) + ",",
    "title-spaces": tailed("Statusbericht"),
    "number-spaces": tailed("7."),
    "bis-spaces": tailed("bis"),
    "month-spaces": tailed("Juni"),
    "wird-spaces": tailed("wird"),
    "in-spaces": tailed("x in"),
    "naechste-spaces": tailed("nächste"),
    "quote-spaces": tailed("„"),
}


def patterns_reading_user_text() -> dict[str, re.Pattern]:
    """Every pattern of the modules that read report lines and write report texts."""
    found = {
        f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
        for module in (parsing, matching, periods, outline, exporters)
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern)
    }
    for index, (pattern, _status) in enumerate(parsing.STATUS_RULES):
        found[f"parsing.STATUS_RULES[{index}]"] = pattern
    for word, pattern in parsing.BODY_MENTIONS.items():
        found[f"parsing.BODY_MENTIONS[{word}]"] = pattern
    return found


PATTERNS = patterns_reading_user_text()


def test_patterns_reading_user_text_are_all_found():
    # The modules' patterns, the status rules and the bodies' mentions: a pattern added
    # to any of these modules is counted below without being listed here.
    some = {
        "parsing.MEETING_PLACE",
        "parsing.PRESENTED_BY",
        "parsing.DATE",
        "parsing.STATUS_RULES[3]",
        "parsing.BODY_MENTIONS[lenkungsgruppe]",
        "matching.WORD",
        "periods.PERIOD_LABEL",
        "outline.CONTROL",
        "exporters.ORDERED_MARKER",
    }

    assert (len(PATTERNS), some - set(PATTERNS)) == (34, set())


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_regex_steps_grow_linearly_on_adversarial_input(name):
    pattern = PATTERNS[name]

    steps = {
        kind: (regex_steps(pattern, make(200)), regex_steps(pattern, make(2_000)))
        for kind, make in ADVERSARIAL.items()
    }

    assert {
        kind: (small, large) for kind, (small, large) in steps.items() if large > GROWTH * small
    } == {}


# The patterns parsing.py read with before, and the input each took quadratic time on.
FORMER_PATTERNS = {
    "meeting-heading": (
        r"^(?:(?P<number>\d+)\.\s+)?(?P<name>.+?)(?:\s+in\s+(?P<place>[^,:]+))?$",
        "spaces",
    ),
    "presented-by": (r"\bdurch\s+(?P<name>[^,;]+)$", "durch-then-comma"),
    "wird-erstellt": (r"wird .*erstellt|in arbeit|in umsetzung|wird umgesetzt", "wird"),
    "report-line": (r"^Statusbericht\s+(?P<label>.+)$", "title-spaces"),
}


@pytest.mark.parametrize("former", sorted(FORMER_PATTERNS))
def test_regex_steps_of_a_former_pattern_grow_quadratically(former):
    # The measure tells: ten times the input took far more than GROWTH times the steps.
    pattern, kind = FORMER_PATTERNS[former]

    small, large = (
        regex_steps(re.compile(pattern), ADVERSARIAL[kind](size)) for size in (100, 1_000)
    )

    assert large > 50 * small


# The functions on 1 MB --------------------------------------------------------------


def report_blocks(text: str) -> list[Block]:
    """A report whose meeting heading, topic, result and next step are ``text``."""
    return [
        Block("heading", "Bericht", level=1),
        Block("paragraph", "Statusbericht April/Mai 2020"),
        Block("paragraph", "25.05.2020"),
        Block("heading", "Aktueller Status", level=1),
        Block("paragraph", "11.05.2020"),
        Block("heading", text, level=2),
        Block("item", text),
        Block("break", ""),
        Block("item", text),
        Block("break", ""),
        Block("heading", "Nächste Schritte", level=1),
        Block("item", text),
    ]


FUNCTIONS = {
    "meeting-heading": lambda text: parsing.parse_meeting_heading(text, MEETING_DAY, "line 1"),
    "topic": parsing.parse_topic,
    "result": lambda text: parsing.parse_result(text, [text, "Kosten und Einbindung"]),
    "next-step": lambda text: parsing.parse_next_step(text, "line 1", 1, REPORT_DAY),
    "due-date": lambda text: parsing.parse_due(text, "line 1", REPORT_DAY),
    "cooperation": parsing.cooperation_name,
    "period": lambda text: parsing.parse_period_label(text, "line 2"),
    "blocks": lambda text: parsing.parse_blocks(report_blocks(text)),
    "words": matching.words,
    "words-match": lambda text: matching.words_match(text, text + "x"),
    "best-match": lambda text: matching.best_match(text, [text, "Kulturserver"]),
    "concerns": lambda text: matching.concerns(text, text, text),
    "markdown": lambda text: (
        exporters.block_text(text),
        exporters.heading_text(text),
        exporters.cell_text(text),
    ),
    "shortened": lambda text: outline.shortened([text, {text: text}]),
}
SIZES = (10_000, 100_000, 1_000_000)
# The inputs the brief names, at 1 MB; the other adversarial inputs are counted above.
MEGABYTE_INPUTS = (
    "spaces",
    "word",
    "durch",
    "durch-then-comma",
    "quotes",
    "digits-and-dots",
    "date-like",
    "wird",
    "in",
    "markup",
    "distinct-words",
)


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_python_lines_grow_linearly_up_to_a_megabyte(function):
    call = FUNCTIONS[function]

    texts = {kind: [ADVERSARIAL[kind](size) for size in SIZES] for kind in MEGABYTE_INPUTS}

    # The inputs are made before counting: only the function's lines count.
    lines = {
        kind: [python_lines(lambda text=text: call(text)) for text in made]
        for kind, made in texts.items()
    }

    assert {
        kind: counts
        for kind, counts in lines.items()
        if counts[1] > GROWTH * counts[0] or counts[2] > GROWTH * counts[1]
    } == {}


def test_python_lines_of_a_megabyte_word_match_are_bounded_by_the_compared_part():
    # Parts of at most MAX_PART letters are compared: a word of a million letters costs
    # what one of a thousand does.
    short, long = (repeated("fachkräfteausbildung")(size) for size in (1_000, 1_000_000))

    lines = (
        python_lines(lambda: matching.words_match(short, short + "x")),
        python_lines(lambda: matching.words_match(long, long + "x")),
    )

    assert lines[0] == lines[1]


# Rendering a stored text of 9 MB ----------------------------------------------------

NINE_MB = 9 * 1024 * 1024
# Numbered words, so that where the text is cut can be told from the output.
HUGE_RESULT = " ".join(f"E{number:07d}" for number in range(NINE_MB // 9 + 1))[:NINE_MB]


def huge_report() -> ReportData:
    return ReportData(
        cooperation="Partheland",
        title="Partheland",
        period_start=datetime.date(2020, 4, 1),
        period_end=datetime.date(2020, 5, 31),
        period_label="April/Mai 2020",
        report_date=REPORT_DAY,
        template="seed",
        meetings=[
            MeetingSection(
                MEETING_DAY,
                "7. Projektleitungsgruppe in Naunhof",
                ["Kosten und Einbindung Kulturserver"],
                [ResultLine(HUGE_RESULT, "information", 1)],
            )
        ],
        status_changes=[],
        next_steps=["Klärung der Kosten"],
    )


def shown_text(identifier: str, content: bytes) -> str:
    """The text a format shows, its runs joined by single spaces."""
    if identifier in ("md", "html"):
        texts = [content.decode()]
    elif identifier == "pdf":
        texts = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    elif identifier == "docx":
        texts = [paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs]
    else:
        presentation = pptx.Presentation(io.BytesIO(content))
        texts = [
            paragraph.text
            for slide in presentation.slides
            for shape in slide.shapes
            if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs
        ]
    return " ".join(" ".join(texts).split())


def test_shorten_cuts_a_text_over_the_limit_with_an_ellipsis():
    exact, over = "a" * MAX_TEXT, "a" * (MAX_TEXT - 2) + " bc"

    assert (shorten(exact), shorten(over)) == (exact, "a" * (MAX_TEXT - 2) + ELLIPSIS)


@pytest.mark.parametrize("identifier", ["md", "html", "pdf", "docx", "pptx"])
def test_render_a_result_of_9_mb_shows_it_cut_with_an_ellipsis(identifier):
    report = huge_report()
    # Markdown keeps each line within the importer's 2,000 characters, "- " included.
    limit = MAX_TEXT - len("- ") if identifier == "md" else MAX_TEXT
    cut = shorten(HUGE_RESULT, limit)
    next_word = HUGE_RESULT[len(cut) - 1 :].split(" ", 2)[1]

    content = get_exporter(identifier).render(report)

    shown = shown_text(identifier, content)
    assert (cut in shown, cut.endswith(ELLIPSIS), next_word in shown, len(content) < 1_000_000) == (
        True,
        True,
        False,
        True,
    )
    assert report.meetings[0].results[0].text == HUGE_RESULT  # the data keeps it whole


def test_render_docx_and_pptx_of_a_9_mb_result_hold_no_more_than_the_cut_text():
    report = huge_report()

    sizes = [
        sum(
            info.file_size
            for info in zipfile.ZipFile(io.BytesIO(get_exporter(name).render(report))).infolist()
        )
        for name in ("docx", "pptx")
    ]

    assert [size < 1_000_000 for size in sizes] == [True, True]


# Measuring a long word on a slide ------------------------------------------------------


def line_count_letter_by_letter(text, width, size):
    """The measure as it was: a word too wide is cut back one letter at a time."""
    width *= slides.WIDTH_SAFETY
    lines, current = 1, ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if slides.text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines += 1
        while len(word) > 1 and slides.text_width(word, size) > width:
            cut = len(word) - 1
            while cut > 1 and slides.text_width(word[:cut], size) > width:
                cut -= 1
            word = word[cut:]
            lines += 1
        current = word
    return lines


@pytest.mark.parametrize(
    "text",
    ["Donaudampfschifffahrtsgesellschaftskapitän " * 3, "x" * 500, "kurz " + "W" * 300 + " ende"],
)
def test_line_count_breaks_long_words_where_it_did(text):
    assert slides.line_count(text, 200, 16) == line_count_letter_by_letter(text, 200, 16)


def test_line_count_of_a_long_word_measures_it_a_bounded_number_of_times(monkeypatch):
    measured = []
    width_of = slides.text_width
    monkeypatch.setattr(
        slides,
        "text_width",
        lambda text, size, bold=False: measured.append(1) or width_of(text, size, bold),
    )

    slides.line_count("x" * 2_000, 200, 16)

    # About 60 lines of one word, a dozen measures each: not a measure per letter.
    assert len(measured) < 2_000
