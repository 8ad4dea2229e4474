"""The web app's scripts' own words in the reader's language: the editor's frame around the
validator's problems (web/static/editor.js: line and column, counts, status lines, buttons' messages)
and the story-link opener's messages (web/static/story.js).

A script cannot read the gettext catalogs, so its page carries its table as JSON in a `data-words`
attribute (no inline script: the site's CSP allows none), msgid -> translation, and the script's
`t(text, values)` looks each message up there and fills its `{name}` placeholders. The validator's own
messages (a problem's text and hint) come from the server in English. `tests/test_web_i18n.py` fails
when a script uses a message its table lacks.
"""

from __future__ import annotations

from flows.input.i18n import ENGLISH, N_, gettext

EDITOR_WORDS: tuple[str, ...] = (
    N_("(last valid version)"),
    N_("Cannot reach the adflows server to render the page."),
    N_("Cannot reach the adflows server; the graph shows the last valid version."),
    N_("Checking…"),
    N_("Copied."),
    N_("Downloaded the page: one HTML file that works offline."),
    N_("Fix the problems first: downloads need a valid model."),
    N_("Line {line}, column {col}"),
    N_("Rendering the page…"),
    N_("The model as YAML"),
    N_("The model as YAML, scrollable"),
    N_("The page could not be rendered; see the problems."),
    N_("The server refused the model: {error}"),
    N_(
        "This model is too large for a share link: it needs {size} KB and links are limited to {limit} KB. "
        "Download the YAML and send the file instead."
    ),
    N_(
        "This share link cannot be opened: {why}. The editor shows the model it had before; ask for the "
        "link again, or for the YAML file."
    ),
    N_("Too large to check."),
    N_("Valid · {nodes} · {flows} · findings: {findings}"),
    N_("it could not be read"),
    N_("none"),
    N_("split it"),
    N_("the model is larger than {bytes} bytes"),
    N_("{problems}: see the list under the YAML and the marks in the margin."),
    N_("{size} KB. Anyone with the link sees this model; no server keeps a copy."),
    N_("… and {count} more, not listed: fix these first."),
    N_("{count} node"),
    N_("{count} nodes"),
    N_("{count} flow"),
    N_("{count} flows"),
    N_("{count} problem"),
    N_("{count} problems"),
    N_("high"),
    N_("medium"),
    N_("low"),
    N_("info"),
)


STORY_WORDS: tuple[str, ...] = (
    N_(
        "This address holds no story: a story link ends in #yaml= followed by the model. Make one with "
        '"Share link" in the editor.'
    ),
    N_("This story link cannot be opened: {why}. Ask for the link again, or for the YAML file."),
    N_("it could not be read"),
)


def script_words(messages: tuple[str, ...], lang: str) -> dict[str, str]:
    """A script's table for one language: only the messages that differ from English (none for English)."""
    if lang == ENGLISH:
        return {}
    return {m: text for m in messages if (text := gettext(m, lang)) != m}
