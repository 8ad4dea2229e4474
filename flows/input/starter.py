"""The starter model `adflows new` writes: a commented YAML file that validates and teaches each section.

Beside the pipeline, for authors: it produces YAML text, which then goes through `load_model` like any
other model. Every element in it is invented and says so with `assumption:`.
"""

from __future__ import annotations

import json
import re
import unicodedata

MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
MAX_TITLE = 300  # the `ShortText` limit in flows.input.schema

_TEMPLATE = """\
# yaml-language-server: $schema=../docs/model.schema.json
# The line above lets VS Code (with the "YAML" extension by Red Hat) suggest keys and check values as
# you type. It points at docs/model.schema.json from a file in models/; change the path if the file
# lives elsewhere, or delete the line: adflows itself does not need it.
#
# STARTER MODEL. Everything below is INVENTED: a shop, a sensor, an app and some companies that do not
# exist. Each element says `assumption:` so nobody mistakes it for fact. Replace the invented parts with
# what your sources say, one section at a time, and check the file after each change:
#
#     adflows validate {path_hint}
#
# Text after a `#` is a comment: adflows ignores it. Indent with spaces, never tabs.
# The full reference is docs/model-format.md; a step-by-step guide is docs/authoring.md.

format: adflows/1              # always this line
id: __ID__                     # the model's id; keep it equal to the file name without .yaml
title: __TITLE__
summary: >-
  Replace this with one or two sentences saying what the model shows, for example: a shopper's phone
  is noticed in a shop, she is put into a group, and the group is shown an ad on a social network.
description: >-
  A starter model made by `adflows new`. Every company, device and flow in it is invented. Use this
  longer text to introduce the case: who the companies are, what period the sources cover, and what
  could not be confirmed.

# ------------------------------------------------------------------------------------------------------
# SOURCES: the documents you rely on. Elements cite them by id, e.g. `sources: [guardian-2014]`.
# `evidence` says how strong each source is, from strongest to weakest: documented,
# documented-via-secondary, company-claim, press, company-claim-via-press, ngo-estimate, secondary,
# assumption.
# Dates go in quotes. This starter cites nothing yet, so the list is empty; an entry looks like:
#
#   - id: guardian-2014
#     title: Apple's iOS 8 will stop retailers spying on customers via Wi-Fi
#     publisher: The Guardian
#     date: "2014-06-10"
#     url: https://www.theguardian.com/technology/2014/jun/10/apples-ios-8-will-stop-retailers-spying-on-customers-via-wi-fi
#     evidence: press
sources: []

# ------------------------------------------------------------------------------------------------------
# PARTIES: the organisations involved, and the person being tracked.
# kind: person, retailer, brand, sensor-vendor, app-publisher, sdk-vendor, data-broker, ad-tech,
#       ad-platform, social-network, regulator, other
# Once a source supports an element, add `sources: [source-id]`; keep `assumption:` only for what is
# still guessed, and say why.
parties:
  - id: shopper
    name: The shopper
    kind: person
    assumption: An imagined person who stands for anyone with a phone.

  - id: example-shop
    name: Example Shop
    kind: retailer
    assumption: An invented shop. Replace it with the real retailer, or delete it.

  - id: example-vendor
    name: Example Tracking Co.
    kind: ad-tech
    assumption: An invented company that runs the sensor, the SDK and the audiences.

  - id: example-app-maker
    name: Example App Maker
    kind: app-publisher
    assumption: The invented company behind an ordinary app on the shopper's phone.

  - id: example-social
    name: Example Social Network
    kind: social-network
    assumption: An invented social network that sells ads in its feed.

# ------------------------------------------------------------------------------------------------------
# NODES: things that hold or move data. Each belongs to a party (`party:`).
# kind: person, device, app, sdk, sensor, place, platform, dataset, audience, ad
# `within:` puts a node inside a place (a sensor in a shop); `holds:` lists the data it has from the start.
nodes:
  - id: shopper
    name: The shopper
    kind: person
    party: shopper
    assumption: Imagined.

  - id: phone
    name: Her phone
    kind: device
    party: shopper
    holds: [wifi-mac, advertising-id, device-location]
    assumption: Wi-Fi and location are switched on, as on most phones.

  - id: shop
    name: The shop
    kind: place
    party: example-shop
    assumption: Invented.

  - id: shop-sensor
    name: Wi-Fi sensor by the door
    kind: sensor
    party: example-vendor
    within: shop
    description: A small box that listens for phones looking for Wi-Fi.
    assumption: Invented.

  - id: everyday-app
    name: An everyday app on her phone
    kind: app
    party: example-app-maker
    description: Any app she installed and allowed to use her location, for its own features.
    assumption: Invented.

  - id: vendor-sdk
    name: The tracking company's code inside the app (SDK)
    kind: sdk
    party: example-vendor
    description: A software kit built into the app; it runs with the app's permissions.
    assumption: Invented.

  - id: vendor-platform
    name: The tracking company's servers
    kind: platform
    party: example-vendor
    assumption: Invented.

  - id: visitors-audience
    name: 'Group: "visited the shop"'
    kind: audience
    party: example-vendor
    assumption: Invented.

  - id: social-ads
    name: The social network's ad platform
    kind: platform
    party: example-social
    assumption: Invented.

  - id: shop-ad
    name: An ad for the shop
    kind: ad
    party: example-shop
    assumption: Invented.

# ------------------------------------------------------------------------------------------------------
# DATA: the pieces of information that move.
# kind: identifier, attribute, event, inference
# persistence (how long it stays the same for one person): persistent, resettable, rotating, session, none
# An item made from others lists them in `derived_from` and says how in `transform`
# (hash, keyed-hash, truncate, aggregate, match, infer, enrich, encrypt; docs/model-format.md says what
# each means). An identifier may say what it points at in `identifies`: device, advertising, account, person.
data:
  - id: wifi-mac
    name: Wi-Fi MAC address
    kind: identifier
    persistence: persistent
    assumption: Treated as fixed here; many phones now change it while scanning.

  - id: advertising-id
    name: Advertising ID
    kind: identifier
    persistence: resettable
    assumption: The number the phone gives apps for advertising; the user can reset it.

  - id: device-location
    name: Phone location
    kind: event
    assumption: Where the phone is, and when, as the phone measures it.

  - id: shop-visit
    name: Visit to the shop
    kind: event
    derived_from: [wifi-mac, device-location]
    transform: infer
    assumption: Worked out from the sensor's sightings and the app's location reports.

  - id: ad-content
    name: The ad itself
    kind: attribute
    personal: false
    assumption: The picture and text of the ad; not about any person.

# ------------------------------------------------------------------------------------------------------
# FLOWS: data moving from a `source` node to a `target` node.
# notice (what the person is told): none, sign-in-store, privacy-policy, in-app-prompt, os-prompt,
# wifi-login-page, social-sign-in, unknown
# consent (what she agreed to): none, opt-out, opt-in, os-permission, unknown
# legal_basis: consent, legitimate-interest, contract, legal-obligation, none-stated, unknown
# Write `none` only when you know nothing is given; leave the key out (or write `unknown`) otherwise.
flows:
  - id: phone-to-sensor
    source: phone
    target: shop-sensor
    data: [wifi-mac]
    channel: Wi-Fi probe requests
    notice: none
    consent: none
    assumption: Invented.

  - id: sensor-to-platform
    source: shop-sensor
    target: vendor-platform
    data: [wifi-mac]
    channel: Internet
    retention: unknown
    assumption: Invented.

  - id: phone-to-app
    source: phone
    target: everyday-app
    data: [device-location, advertising-id]
    notice: os-prompt
    consent: os-permission
    assumption: She allowed the app to use her location, for its own features.

  - id: app-to-sdk
    source: everyday-app
    target: vendor-sdk
    data: [device-location, advertising-id]
    channel: Inside the app
    notice: none
    assumption: Invented.

  - id: sdk-to-platform
    source: vendor-sdk
    target: vendor-platform
    data: [device-location, advertising-id]
    channel: Internet
    purpose: Finding out which phones visit which shops
    assumption: Invented.

  - id: platform-to-audience
    source: vendor-platform
    target: visitors-audience
    data: [shop-visit, advertising-id]
    purpose: Grouping phones that visited the shop
    assumption: Invented.

  - id: audience-to-social
    source: visitors-audience
    target: social-ads
    data: [advertising-id]
    channel: Upload of a customer list
    purpose: Showing ads to the phones in the group
    assumption: Invented.

  - id: social-to-ad
    source: social-ads
    target: shop-ad
    data: [advertising-id]
    purpose: Showing the ad only to people in the group
    assumption: Invented.

  - id: ad-to-shopper
    source: shop-ad
    target: shopper
    data: [ad-content]
    channel: Her social-media feed
    assumption: Invented.

# ------------------------------------------------------------------------------------------------------
# CLAIMS: what a company says in public, quoted word for word from one source, plus what it asserts
# (no-personal-data, identifiers-anonymised, min-group-size, opt-out-offered, no-installation-in-store,
# not-identified, aggregated-only, other). If the source only paraphrases the company, add
# `paraphrase: true`. adflows checks each claim against the flows. A claim needs a source, so this one
# waits until you have added one; remove the `# ` at the start of each line to use it:
#
# claims:
#   - id: claim-no-personal-data
#     party: example-vendor
#     quote: "We never collect personal data."
#     source: guardian-2014
#     asserts:
#       - kind: no-personal-data

# ------------------------------------------------------------------------------------------------------
# AUDIENCES: named groups of people and the rule that puts someone in them.
audiences:
  - id: visitors
    name: Visited the shop
    node: visitors-audience
    rule: Phones seen in the shop in the last 30 days.
    based_on: [shop-visit]
    assumption: Invented.

# Where sources disagree about how something works, describe both versions under `accounts:` and mark
# the elements that belong to only one of them with `account:` (see docs/model-format.md).

# ------------------------------------------------------------------------------------------------------
# STORY: the steps a teacher clicks through, in order. Each step highlights some nodes and flows and
# has one to three plain sentences of narration. Aim for six to ten steps in a finished model.
story:
  - title: In the shop
    narration: >-
      Her phone looks for Wi-Fi, and a sensor by the door hears its address. Nobody tells her.
    nodes: [phone, shop, shop-sensor]
    flows: [phone-to-sensor, sensor-to-platform]

  - title: An app tells on her too
    narration: >-
      An everyday app she allowed to use her location passes it to the tracking company's code inside
      the app, which sends it on with her advertising ID.
    nodes: [everyday-app, vendor-sdk, vendor-platform]
    flows: [phone-to-app, app-to-sdk, sdk-to-platform]

  - title: From a group to an ad
    narration: >-
      Her phone joins the group "visited the shop". The group is uploaded to a social network, and an
      ad for the shop appears in her feed.
    nodes: [visitors-audience, social-ads, shop-ad, shopper]
    flows: [platform-to-audience, audience-to-social, social-to-ad, ad-to-shopper]
"""


def title_from_name(name: str) -> str:
    """'my-first-model' -> 'My first model': a readable default title."""
    words = name.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def starter_model(name: str, title: str | None = None, *, path_hint: str | None = None) -> str:
    """The commented starter model for id `name`; raise ValueError for a bad id or title.

    `path_hint` is the file name shown in the "adflows validate ..." comment (default `models/NAME.yaml`).
    """
    if not MODEL_ID.match(name):
        raise ValueError(
            f"'{name}' is not a valid model id: use lower-case letters, digits and '-', "
            "starting with a letter or digit, at most 80 characters"
        )
    title = " ".join((title if title is not None else title_from_name(name)).split())
    if not 1 <= len(title) <= MAX_TITLE:
        raise ValueError(f"the title must be 1 to {MAX_TITLE} characters long, not {len(title)}")
    # A JSON string is a valid YAML double-quoted scalar, so any title (quotes, colons, '#') stays text.
    quoted = json.dumps(title, ensure_ascii=False)
    hint = " ".join((path_hint or f"models/{name}.yaml").split())  # a comment holds one line
    return _TEMPLATE.replace("__ID__", name).replace("__TITLE__", quoted).replace("{path_hint}", hint)


def suggest_id(text: str) -> str:
    """A kebab-case id made from any text ('My Café Model' -> 'my-cafe-model'), for error hints."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:80].rstrip("-") or "my-model"
