"""The colours of a report: the cooperation's, and text colours that stay readable on
them (WCAG 2.1 AA: 4.5:1 for text) in every format."""

import re
from dataclasses import dataclass

# The cockpit's --brand and a lighter companion, for cooperations without colours.
DEFAULT_PRIMARY = "#1f4e79"
DEFAULT_SECONDARY = "#4f86b8"
HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")

# Text colours (RRGGBB) for white backgrounds.
TEXT = "262626"
MUTED = "595959"
WHITE = "FFFFFF"
LIGHT_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE", "grey": "E7E6E6"}


def _luminance(colour: str) -> float:
    def channel(part: str) -> float:
        value = int(part, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass
class Palette:
    """The cooperation's colours and the text colours that stay readable on them."""

    primary: str
    secondary: str

    @classmethod
    def of(cls, report) -> "Palette":
        """The colours every format uses (``report_colours``), as Office writes
        them: RRGGBB."""
        primary, secondary = report_colours(report)
        return cls(primary.lstrip("#").upper(), secondary.lstrip("#").upper())

    @property
    def heading(self) -> str:
        """Headings on white take the primary colour unless it is too pale to read."""
        return self.primary if _contrast(self.primary, WHITE) >= 4.5 else TEXT

    @property
    def on_primary(self) -> str:
        return WHITE if _contrast(self.primary, WHITE) >= _contrast(self.primary, TEXT) else TEXT

    @property
    def on_secondary(self) -> str:
        return (
            WHITE if _contrast(self.secondary, WHITE) >= _contrast(self.secondary, TEXT) else TEXT
        )

    @property
    def accent_on_primary(self) -> str:
        """A rule on the primary colour: the secondary colour when it stands out."""
        if _contrast(self.secondary, self.primary) >= 2:
            return self.secondary
        return self.on_primary


def report_colours(report) -> tuple[str, str]:
    """The report's primary and secondary colour as #RRGGBB, for every format.

    Only #RRGGBB gets through: the values come from the database or from a snapshot and
    are written into CSS, SVG and Office XML unescaped. A cooperation with one colour
    gets it for its accents too; one without any gets the cockpit's."""
    primary = report.primary_colour if HEX_COLOUR.fullmatch(report.primary_colour or "") else ""
    secondary = (
        report.secondary_colour if HEX_COLOUR.fullmatch(report.secondary_colour or "") else ""
    )
    return primary or DEFAULT_PRIMARY, secondary or primary or DEFAULT_SECONDARY
