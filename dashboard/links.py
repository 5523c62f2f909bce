"""The one rule for links the app stores and shows (imports, forms): plain web addresses only.

`javascript:`, `data:`, `file:` and other schemes would run or open something when clicked in the
outputs table; every path that stores a link asks `is_safe_link` first.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def is_safe_link(link: str | None) -> bool:
    """True for an empty link or an `http://` / `https://` address with a host and no spaces or controls."""
    if not link:
        return True
    if _UNSAFE_CHARS.search(link) or not link.lower().startswith(("http://", "https://")):
        return False
    try:
        return bool(urlsplit(link).hostname)
    except ValueError:
        return False


def safe_link(link: str | None) -> str:
    """The link when it is safe, else an empty string (what imports store for other schemes)."""
    text = (link or "").strip()
    return text if is_safe_link(text) else ""
