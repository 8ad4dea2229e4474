"""Fixed wording in the reader's language: the `adflows` gettext domain (the floor every stage reads).

It sits in the input stage so that the rules (analysis), the view, the reports (output), the command
line and the web app can all mark and translate their own fixed sentences without a wrong-way import.

English is the message id itself: with no language asked for, `gettext` returns its argument after one
context-variable read, and no catalog is opened and Babel is not imported, so `adflows render` of a
small model costs what it did before. A catalog (`flows/locale/<lang>/LC_MESSAGES/adflows.po`) is read
with Babel the first time its language is asked for and kept for the life of the process; reading the
`.po` itself (no compiled `.mo` in the tree) means a translator's edit is live at once and there is no
build product to go stale.

The language comes from an explicit `lang` argument or, when none is given, from the context set by
`language(code)` (a `contextvars` variable: each thread and each request of the web app has its own).
A missing, empty or fuzzy translation falls back to English, message by message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DOMAIN = "adflows"
ENGLISH = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
POT_FILE = LOCALE_DIR / f"{DOMAIN}.pot"

_LANGUAGE: ContextVar[str] = ContextVar("adflows_language", default=ENGLISH)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention Babel's extractor looks for
    """Mark a message for extraction without translating it (class attributes, tables): the code that
    shows it calls `gettext` on it at the time of use, in the reader's language."""
    return message


@dataclass(frozen=True)
class Catalog:
    """One language's translations: singular msgid -> text, plural msgid -> forms, and the plural rule."""

    messages: dict[str, str]
    plurals: dict[str, tuple[str, ...]]
    plural: Callable[[int], int]


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalog(lang: str) -> Catalog:
    """The translations of `lang` (empty for English or a language with no catalog), read once."""
    path = po_path(lang)
    if lang == ENGLISH or not path.is_file():
        return Catalog({}, {}, lambda n: int(n != 1))
    import gettext as stdlib_gettext  # only here: English never pays for these imports

    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        po = read_po(handle, locale=lang, domain=DOMAIN)
    messages: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in po:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            forms = tuple(str(s) for s in message.string or ())
            if all(forms):
                plurals[str(message.id[0])] = forms
        elif message.string:
            messages[str(message.id)] = str(message.string)
    rule = stdlib_gettext.c2py(po.plural_expr)
    return Catalog(messages, plurals, rule)


@cache
def languages() -> tuple[str, ...]:
    """English first, then every language with an `adflows` catalog, sorted by code."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (ENGLISH, *(code for code in found if code != ENGLISH))


def supported(code: str | None) -> str | None:
    """The catalog language for a requested code ('de', 'de-AT', 'DE_de' -> 'de'), or None."""
    if not code:
        return None
    wanted = code.strip().replace("_", "-").lower()
    available = languages()
    if wanted in available:
        return wanted
    primary = wanted.split("-", 1)[0]
    return primary if primary in available else None


def current_language() -> str:
    """The language the context asks for (English unless `language(...)` set another)."""
    return _LANGUAGE.get()


@contextmanager
def language(code: str | None) -> Iterator[str]:
    """Within the block, `gettext` without `lang` answers in `code` (None or an unknown code: English).
    Yields the language actually used."""
    chosen = supported(code) or ENGLISH
    token = _LANGUAGE.set(chosen)
    try:
        yield chosen
    finally:
        _LANGUAGE.reset(token)


def gettext(message: str, lang: str | None = None) -> str:
    """`message` in `lang` (default: the context's language); English, or a message with no
    translation, is returned unchanged."""
    code = lang or _LANGUAGE.get()
    if code == ENGLISH:
        return message
    return catalog(code).messages.get(message, message)


def ngettext(singular: str, plural: str, count: int, lang: str | None = None) -> str:
    """The form of `singular`/`plural` for `count` in `lang` (the placeholders are the caller's to fill)."""
    code = lang or _LANGUAGE.get()
    if code != ENGLISH:
        found = catalog(code)
        forms = found.plurals.get(singular)
        if forms:
            index = found.plural(count)
            return forms[index] if index < len(forms) else forms[-1]
    return singular if count == 1 else plural


def message_language(message: str, lang: str | None = None) -> str:
    """The language `gettext(message, lang)` answers in: `lang` (default: the context's) when its catalog
    translates the message, else English, so numbers filled into an English fallback are written the
    English way."""
    code = lang or _LANGUAGE.get()
    if code == ENGLISH or message not in catalog(code).messages:
        return ENGLISH
    return code


# Languages that capitalise nouns: a label keeps its capital inside a sentence ("Telefoneinstellung").
CAPITALISED_NOUNS = frozenset({"de", "lb"})


def in_sentence(label: str, lang: str | None = None) -> str:
    """A label (a kind's name, an evidence label) as a word inside a sentence of `lang` (default: the
    context's): lower case, except in a language that capitalises nouns."""
    return label if (lang or _LANGUAGE.get()) in CAPITALISED_NOUNS else label.lower()


def format_number(value: float, decimals: int = 0, lang: str | None = None) -> str:
    """`value` with the language's digit grouping and decimal mark ('16,777,216' and '3.3' in
    English, '16.777.216' and '3,3' in German); Babel is asked only for a language other than English."""
    code = lang or _LANGUAGE.get()
    if code == ENGLISH:
        return f"{value:,.{decimals}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=code))


_ = gettext
