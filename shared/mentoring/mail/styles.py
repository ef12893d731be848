"""The look shared by emails and pages: NHS colours, and buttons that say which is which.

Inline styles, because email clients drop <style> blocks; pages reuse the same values.
"""

from __future__ import annotations

BLUE = "#005eb8"
TEXT = "#212b32"
SECONDARY_TEXT = "#4c6272"
GREEN = "#007f3b"
BORDER = "#d8dde0"

BODY_STYLE = (
    f"font-family: Arial, sans-serif; color: {TEXT}; max-width: 40em; margin: 2em auto; "
    "padding: 0 1em; line-height: 1.5"
)
QUOTE_STYLE = f"border-left: 4px solid {BLUE}; margin: 0 0 1em; padding: 0.25em 1em"
_BUTTON = (
    "display: inline-block; padding: 0.6em 1.2em; font-size: 1em; font-family: inherit; "
    "border-radius: 4px; text-decoration: none; cursor: pointer; margin: 0 1em 1em 0"
)
# The action a reader most likely wants: solid green.
PRIMARY_BUTTON = f"{_BUTTON}; background: {GREEN}; color: #ffffff; border: 2px solid {GREEN}"
# The other choice: outlined, so the two are never mistaken for each other.
SECONDARY_BUTTON = (
    f"{_BUTTON}; background: #ffffff; color: {TEXT}; border: 2px solid {SECONDARY_TEXT}"
)

PAGE_STYLE = (
    f".scheme {{ color: {BLUE}; font-weight: bold }} "
    f"h1 {{ font-size: 1.6em; line-height: 1.25 }} "
    f"label {{ display: block; font-weight: bold; margin-top: 1em }} "
    f".hint {{ color: {SECONDARY_TEXT}; margin: 0.25em 0 0.5em }} "
    f"input[type=text] {{ width: 100%; box-sizing: border-box; font: inherit; padding: 0.5em; "
    f"border: 2px solid {TEXT} }} "
    f"footer {{ color: {SECONDARY_TEXT}; font-size: 0.9em; border-top: 1px solid {BORDER}; "
    f"margin-top: 2em }}"
)
