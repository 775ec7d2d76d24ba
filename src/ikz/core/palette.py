"""The colours of every printed document (status reports, invitations, minutes): the
cooperation's, and text colours that stay readable on them (WCAG 2.1 AA: 4.5:1 for
text) in every format."""

import colorsys
import re
from dataclasses import dataclass

# Either black or white reaches at least 4.58:1 on any background, so every colour can
# be brought to AA_CONTRAST.
from ikz.core.colours import AA_CONTRAST
from ikz.core.colours import contrast as _contrast

# The cockpit's --brand and a lighter companion, for cooperations without colours.
DEFAULT_PRIMARY = "#1f4e79"
DEFAULT_SECONDARY = "#4f86b8"
HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")

# Text colours (RRGGBB) for white backgrounds.
TEXT = "262626"
MUTED = "595959"
WHITE = "FFFFFF"
BLACK = "000000"
LIGHT_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE", "grey": "E7E6E6"}


def _rrggbb(colour: str) -> str:
    return colour.lstrip("#").upper()


def _with_lightness(hue: float, lightness: float, saturation: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "".join(f"{round(channel * 255):02X}" for channel in (red, green, blue))


def readable(colour: str, background: str, ratio: float = AA_CONTRAST) -> str:
    """``colour`` as text on ``background`` (#RRGGBB or RRGGBB), as RRGGBB: itself when
    it reaches ``ratio`` (WCAG 2.1 AA), else darkened, or on a dark background lightened,
    just enough. Only the HSL lightness moves, so hue and saturation stay the
    cooperation's; luminance grows with lightness, so halving the interval finds the
    least change."""
    colour, background = _rrggbb(colour), _rrggbb(background)
    if _contrast(colour, background) >= ratio:
        return colour
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    # Towards whichever of black and white stands out more: that end reaches the ratio.
    far = 0.0 if _contrast(BLACK, background) >= _contrast(WHITE, background) else 1.0
    good, bad = far, lightness
    for _step in range(20):
        middle = (good + bad) / 2
        if _contrast(_with_lightness(hue, middle, saturation), background) >= ratio:
            good = middle
        else:
            bad = middle
    return _with_lightness(hue, good, saturation)


def text_on(background: str) -> str:
    """Body text on a coloured fill: white or the report's dark grey, whichever stands
    out more, darkened to black where even that is short of AA (mid-tones)."""
    candidate = WHITE if _contrast(background, WHITE) >= _contrast(background, TEXT) else TEXT
    return readable(candidate, background)


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
    def primary_text(self) -> str:
        """The primary colour as text on white (headings), darkened where too pale."""
        return readable(self.primary, WHITE)

    @property
    def heading(self) -> str:
        """Headings on white: the primary colour as text."""
        return self.primary_text

    @property
    def secondary_text(self) -> str:
        """The secondary colour as text on white (dates, accents), darkened where too
        pale."""
        return readable(self.secondary, WHITE)

    @property
    def on_primary(self) -> str:
        """Text on a primary fill: table headers, the title band, section slides."""
        return text_on(self.primary)

    @property
    def on_secondary(self) -> str:
        return text_on(self.secondary)

    def css_variables(self) -> dict[str, str]:
        """The text colours as CSS custom properties (name without "--": #RRGGBB)."""
        return {
            "primary-text": f"#{self.primary_text}",
            "secondary-text": f"#{self.secondary_text}",
            "on-primary": f"#{self.on_primary}",
            "on-secondary": f"#{self.on_secondary}",
        }

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
