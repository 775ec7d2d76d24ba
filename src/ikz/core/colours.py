"""Colours as WCAG 2 measures them: the contrast of two colours (#RRGGBB or RRGGBB),
which the cooperation's settings ask of its colours and the reports keep their text
colours to."""

# WCAG 2 AA for text (1.4.3).
AA_CONTRAST = 4.5
WHITE = "#ffffff"
# Body text, as dark as the pages' and the reports' text or lighter: what stands on the
# secondary colour where it is a background.
BODY_TEXT = "#262626"


def luminance(colour: str) -> float:
    """The relative luminance of ``colour``: 0 for black, 1 for white."""
    colour = colour.lstrip("#")

    def channel(part: str) -> float:
        value = int(part, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
