"""The web app's own pages in the reader's language: which language a request asks for, and Jinja's
gettext callables over the `adflows` catalogs (`flows.input.i18n`).

The language is `?lang=xx` when the catalogs have it, else the best match of the `Accept-Language`
header (its q-values honoured, regional variants matched to their language: `de-AT` -> `de`), else
English. The choice travels in the template context (`lang`), never in a global, so requests served at
the same time on other threads cannot mix their languages. Only the fixed wording of our templates
is translated: text from a model, an error message and a validator's detailed message stay as they are.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request

from flows.input.i18n import ENGLISH, gettext, languages, ngettext, supported

# Each language's name in itself, for the language switch (a language with no entry shows its code).
NATIVE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "ar": "العربية"}
# An Accept-Language header is short; a longer one is cut before it is parsed (bounded work per request).
MAX_HEADER = 500
MAX_RANGES = 20


def accepted_languages(header: str) -> list[str]:
    """The language ranges of an Accept-Language header, most wanted first (q=0 and malformed parts
    dropped; among equal q-values the header's order is kept)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header[:MAX_HEADER].split(",")[:MAX_RANGES]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*" or not all(c.isalnum() or c == "-" for c in tag):
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if 0.0 < quality <= 1.0:
            ranked.append((-quality, index, tag))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(header: str) -> str | None:
    """The catalog language that best fits an Accept-Language header (Babel's `negotiate_locale`
    matches a region to its language), or None."""
    wanted = accepted_languages(header)
    if not wanted:
        return None
    from babel.core import negotiate_locale

    found = negotiate_locale(wanted, list(languages()), sep="-")
    if found is not None:
        return supported(found)
    for tag in wanted:  # a region Babel's alias table does not know: its primary language
        code = supported(tag)
        if code is not None:
            return code
    return None


def request_language(request: Request) -> tuple[str, bool]:
    """(language, chosen by the query): `?lang=` wins, then Accept-Language, then English."""
    asked = supported(request.query_params.get("lang", "")[:40])
    if asked is not None:
        return asked, True
    return negotiate(request.headers.get("accept-language", "")) or ENGLISH, False


def language_context(request: Request) -> dict[str, Any]:
    """What every template gets (a Jinja2Templates context processor): `lang`, `lang_query` (the
    `?lang=` to carry on the site's own links when the reader chose a language by the link) and the
    language switch's `languages` (code, name, link to this page in that language, current or not)."""
    lang, by_query = request_language(request)
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    # One leading slash: a request for `//evil.example/x` (a 404 page still has the switch) must not
    # give links that a browser reads as another host (`//host`, and `///host` or `/\\host` likewise).
    path = "/" + request.url.path.lstrip("/\\")
    switch = [
        {
            "code": code,
            "name": NATIVE_NAMES.get(code, code),
            "href": path + "?" + urlencode([*params, ("lang", code)]),
            "current": code == lang,
        }
        for code in languages()
    ]
    return {"lang": lang, "lang_query": f"?lang={lang}" if by_query else "", "languages": switch}


@jinja2.pass_context
def _template_gettext(context: jinja2.runtime.Context, message: str) -> str:
    return gettext(message, context.get("lang") or ENGLISH)


@jinja2.pass_context
def _template_ngettext(context: jinja2.runtime.Context, singular: str, plural: str, count: int) -> str:
    return ngettext(singular, plural, count, context.get("lang") or ENGLISH)


def install_translations(env: jinja2.Environment) -> None:
    """Jinja's i18n extension with gettext callables that read the template's `lang` (new-style:
    `_()` and `{% trans %}` results are escaped like any other value, and `%(name)s` placeholders
    are filled by name)."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _template_gettext, _template_ngettext, newstyle=True
    )
