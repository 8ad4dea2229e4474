"""The page chrome's message catalogs (gettext domain `page`): extract, update, compile (`make messages`).

The page's own words (buttons, headings, notes; not the model's text, not the analysis's) are written in
English in the page scripts as `t('…')` / `tn('…', '…', n)` calls and in the template as `data-t` /
`data-t-attr` markup. This module finds them with Babel (its JavaScript extractor, and `extract_template`
below for the template), writes flows/locale/page.pot, merges it into each language's page.po, and
compiles the translated entries into flows/output/static/messages.json, which the page shell inlines once
(flows/output/page.py). Babel is needed here only, not when rendering: it is in the `test` extra.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Collection, Iterator, Mapping
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "flows" / "locale"
DOMAIN = "page"
POT = LOCALE / f"{DOMAIN}.pot"
JSON_OUT = ROOT / "flows" / "output" / "static" / "messages.json"
LANGUAGES = ("en", "de", "fr")
KEYWORDS: dict[str, Any] = {"t": None, "tn": (1, 2)}
METHOD_MAP = [
    ("flows/output/static/*.js", "javascript"),
    ("flows/output/templates/page.html.j2", "flows.output.messages:extract_template"),
]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Elements that cannot hold text, so never a data-t message.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _TemplateTexts(HTMLParser):
    """Collects (line, text) for each `data-t` element's text and each `data-t-attr` attribute's value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._open: list[tuple[str, int, list[str]] | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        line = self.getpos()[0]
        for name in (values.get("data-t-attr") or "").split():
            if values.get(name):
                self.found.append((line, str(values[name])))
        if tag in _VOID:
            return
        self._open.append((tag, line, []) if "data-t" in values else None)

    def handle_data(self, data: str) -> None:
        for entry in self._open:
            if entry is not None:
                entry[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            return
        entry = self._open.pop()
        if entry is not None:
            text = " ".join("".join(entry[2]).split())
            if text:
                self.found.append((entry[1], text))


def extract_template(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extractor for page.html.j2: the texts i18n.js translates (its `translateTemplate`).

    The msgid is the element's text with runs of white space made one space, as i18n.js reads it.
    """
    parser = _TemplateTexts()
    parser.feed(fileobj.read().decode("utf-8"))
    parser.close()
    for line, text in parser.found:
        yield line, "", text, []


def extract() -> Catalog:
    """Every chrome message in the page scripts and the template, as a fresh template catalog."""
    pot = Catalog(project="adflows", domain=DOMAIN, charset="utf-8", fuzzy=False)
    pot.header_comment = (
        "# The adflows page chrome (gettext domain `page`). Made by `make messages`; edit the .po files."
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS, comment_tags=("i18n:",), strip_comment_tags=True
    ):
        pot.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return pot


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def _po_bytes(catalog: Catalog, *, template: bool = False) -> bytes:
    out = BytesIO()
    write_po(out, catalog, width=110, sort_output=False, omit_header=False, ignore_obsolete=not template)
    return out.getvalue()


def update(pot: Catalog) -> None:
    """Write the .pot and merge it into each language's .po (new messages empty, vanished ones dropped)."""
    POT.parent.mkdir(parents=True, exist_ok=True)
    if POT.exists():
        # Same messages, same file: keep the old date so a run that changes nothing leaves no diff.
        old = read_catalog(POT)
        if [(m.id, m.locations) for m in old] == [(m.id, m.locations) for m in pot]:
            pot.creation_date = old.creation_date
    POT.write_bytes(_po_bytes(pot, template=True))
    for lang in LANGUAGES:
        path = po_path(lang)
        if path.exists():
            catalog = read_catalog(path, lang)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=lang, domain=DOMAIN, project="adflows", charset="utf-8", fuzzy=False)
        catalog.update(pot, no_fuzzy_matching=True, update_header_comment=True)
        path.write_bytes(_po_bytes(catalog))


def compiled(catalogs: Mapping[str, Catalog]) -> dict[str, dict[str, Any]]:
    """The page's messages: per language, translated entries only (msgstr, or the list of plural forms)
    and "" -> its plural rule; English (the msgids themselves) needs nothing."""
    out: dict[str, dict[str, Any]] = {}
    for lang, catalog in sorted(catalogs.items()):
        if lang == "en":
            continue
        entries: dict[str, Any] = {}
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple):
                forms = _forms(message.string)
                if all(forms):
                    entries[message.id[0]] = forms
            elif message.string:
                entries[str(message.id)] = str(message.string)
        if entries:
            out[lang] = {"": {"plural": catalog.plural_expr}, **entries}
    return out


def _forms(string: str | tuple[str, ...] | list[str] | None) -> list[str]:
    """A message's translation as a list of forms (one for a plain message)."""
    if string is None:
        return [""]
    return [string] if isinstance(string, str) else [str(form) for form in string]


def compiled_json(catalogs: Mapping[str, Catalog]) -> str:
    """messages.json's exact text: compact, sorted, non-ASCII letters as written."""
    return json.dumps(compiled(catalogs), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def all_catalogs() -> dict[str, Catalog]:
    return {lang: read_catalog(po_path(lang), lang) for lang in LANGUAGES if po_path(lang).exists()}


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def main() -> int:
    """`make messages`: extract, update every .po, compile messages.json; prints what is left to translate."""
    update(extract())
    catalogs = all_catalogs()
    JSON_OUT.write_text(compiled_json(catalogs), encoding="utf-8")
    for lang, catalog in catalogs.items():
        if lang == "en":
            continue
        missing = len([m for m in catalog if m.id and not all(_forms(m.string))])
        print(f"{lang}: {len(catalog)} messages, {missing} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
