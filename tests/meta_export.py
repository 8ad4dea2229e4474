"""Synthetic Meta "Download Your Information" exports for tests and `bench/import_build.py`.

Invented businesses only, in the JSON shapes of the real export (see tests/fixtures/meta-dyi/README.md):
names are written with the export's Latin-1 mojibake, so every import exercises the repair.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

ADVERTISERS = "ads_information/advertisers_using_your_activity_or_information.json"
ACTIVITY = "apps_and_websites_off_of_facebook/your_activity_off_meta_technologies.json"
EVENT_TYPES = ("PAGE_VIEW", "VIEW_CONTENT", "ADD_TO_CART", "PURCHASE", "ACTIVATE_APP", "CUSTOM")


def mojibake(text: str) -> str:
    """Text as the export writes it: UTF-8 bytes read as Latin-1 code points."""
    return text.encode("utf-8").decode("latin-1")


def advertisers(count: int) -> dict[str, Any]:
    entries = [
        {
            "advertiser_name": mojibake(f"Boutique Élan {n:05d}"),
            "has_data_file_custom_audience": n % 2 == 0,
            "has_remarketing_custom_audience": n % 3 == 0,
            "has_in_person_store_visit": n % 5 == 0,
        }
        for n in range(count)
    ]
    return {"custom_audiences_all_types_v2": entries}


def activity(businesses: int, events: int) -> dict[str, Any]:
    per = max(1, events // max(1, businesses))
    entries = []
    for n in range(businesses):
        items = [
            {
                "id": n,
                "type": EVENT_TYPES[(n + k) % len(EVENT_TYPES)],
                "timestamp": 1_700_000_000 + n * 60 + k,
            }
            for k in range(per)
        ]
        entries.append({"name": mojibake(f"Boutique Élan {n:05d}"), "events": items})
    return {"off_facebook_activity_v2": entries}


def export_zip(businesses: int = 5_000, events: int = 50_000, folder: str = "facebook-someone-2026") -> bytes:
    """A zip as downloaded: one folder holding both files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/{ADVERTISERS}", json.dumps(advertisers(businesses), indent=2))
        archive.writestr(f"{folder}/{ACTIVITY}", json.dumps(activity(businesses, events), indent=2))
    return buffer.getvalue()
