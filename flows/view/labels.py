"""Label text for the drawing: cleaned, shortened, wrapped and measured, so boxes are sized before drawing.

Part of the view stage. The layout engine places boxes, not text, so every label is turned here into
lines and a box size in CSS pixels. Widths come from DejaVu Sans's advance widths
(flows/view/_glyph_widths.py):
it is wider than the sans-serif faces a browser falls back to, so text measured here fits its box in any
of them, and no font library is needed at run time. Model text is hostile input: control characters are
dropped (they cannot be drawn, and XML forbids most of them) and every line is bounded.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

from flows.input.i18n import _
from flows.view._glyph_widths import ADVANCES, FIRST, WIDE

FONT_PX = 14  # label font size at zoom 1; a projector needs 12 px or more on screen
LINE_PX = 18  # line height of a label
WRAP_CHARS = 18  # characters a line before a label wraps
NODE_MAX_LINES = 3
EDGE_MAX_LINES = 3
LONG_WORD = 15  # a word up to this long widens its label's lines instead of being broken
SHORT_LIMIT = 20  # a data item's name longer than this is abbreviated in edge labels when it has no `short:`
ELLIPSIS = "…"
_PARENTHESES = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_SPACES = re.compile(r"\s+")
_DANGLING = frozenset(
    {"a", "an", "the", "of", "for", "at", "in", "on", "to", "and", "or", "with", "by", "from"}
)


def clean(text: str) -> str:
    """One line of drawable text: control and format characters removed, runs of whitespace made one space."""
    if text.isprintable():  # the usual case, in C: no control, format or unusual space characters
        return _SPACES.sub(" ", text).strip()
    kept = "".join(
        " " if ch.isspace() else ch for ch in text if unicodedata.category(ch)[0] != "C" or ch.isspace()
    )
    return _SPACES.sub(" ", kept).strip()


def text_width(text: str, font_px: float = FONT_PX) -> float:
    """Width of `text` in CSS pixels at `font_px`, from DejaVu Sans's advances (an upper bound for others)."""
    last = FIRST + len(ADVANCES)
    units = sum(ADVANCES[code - FIRST] if FIRST <= (code := ord(ch)) < last else WIDE for ch in text)
    return units * font_px / 1000


def wrap(text: str, max_lines: int, chars: int = WRAP_CHARS) -> list[str]:
    """`text` wrapped to lines of about `chars` characters; a longer text ends its last line with '…'."""
    text = clean(text)
    lines = textwrap.wrap(text, fitting_width(text, chars), break_long_words=True, break_on_hyphens=True)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = kept[-1][: chars - 1].rstrip() + ELLIPSIS
    return kept


def fitting_width(text: str, chars: int) -> int:
    """`chars`, widened to the longest word up to LONG_WORD: "advertiser's" stays whole rather than
    breaking into "adverti" / "ser's"; only longer words are broken."""
    longest = max((len(word) for word in text.split(" ")), default=0)
    return max(chars, min(longest, LONG_WORD))


def abbreviate(name: str) -> str:
    """The documented rule for a data item without `short:`: drop bracketed asides, then cut at a word.

    "Hashed MAC address (SHA-256)" -> "Hashed MAC address"; names still longer than SHORT_LIMIT characters
    are cut at the last space within the limit, lose a dangling little word ("of", "for", "and"...) and
    end with '…': "Repeat visits and visits to other branches" -> "Repeat visits…". The full name stays
    in the details.
    """
    text = clean(name)
    if len(text) <= SHORT_LIMIT:
        return text
    text = clean(_PARENTHESES.sub("", text)) or text
    if len(text) <= SHORT_LIMIT:
        return text
    words = text[: SHORT_LIMIT - 1].split(" ")
    if len(words) > 1:
        words.pop()  # the last word may be cut in half
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()  # "Phone sighting at…" reads as a sentence cut short: end on a content word
    return " ".join(words).rstrip(" ,;:-/") + ELLIPSIS


def more_words(count: int) -> str:
    """'+3 more' after the names a label had room for, in the context's language."""
    return _("+{count} more").format(count=count)


def edge_lines(names: list[str], max_lines: int = EDGE_MAX_LINES, chars: int = WRAP_CHARS) -> list[str]:
    """A flow's data items as wrapped lines: as many whole names as fit, then '+N more'."""
    for shown in range(len(names), 0, -1):
        text = ", ".join(names[:shown])
        if shown < len(names):
            text += " " + more_words(len(names) - shown)
        text = clean(text)
        lines = textwrap.wrap(text, fitting_width(text, chars), break_long_words=True, break_on_hyphens=True)
        if len(lines) <= max_lines:
            return lines
    rest = " " + more_words(len(names) - 1) if len(names) > 1 else ""
    return wrap(names[0], max_lines - 1 if rest else max_lines, chars) + ([rest.strip()] if rest else [])


def box_size(lines: list[str], pad_x: float, pad_y: float, min_width: float = 0) -> tuple[float, float]:
    """Width and height in CSS pixels of a box holding `lines` with the given padding."""
    widest = max((text_width(line) for line in lines), default=0.0)
    return max(min_width, round(widest + 2 * pad_x, 1)), round(len(lines) * LINE_PX + 2 * pad_y, 1)
