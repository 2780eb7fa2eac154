"""What a plain YAML scalar means here (null, a boolean, an integer, a float or text), what
YAML 1.1 would silently read it as instead (yes/no, 18:30, 012, 0x1F, .inf), and the characters
no text may hold (controls, bidi overrides, invisible spaces): the rules yaml_loader.py applies to
every value, and load.py to a play's Markdown (`check_text`).
"""

from __future__ import annotations

import math
import re
import unicodedata

from ..support.problems import Problems

MAX_DIGITS = 30  # an integer longer than this is beyond every field's range (schemas bound them)


NULL = re.compile(r"^(?:~|null|Null|NULL)?$")
BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOL = re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$")
INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*\.(?:[eE][-+]?[0-9]+)?$")
_OCTAL = re.compile(r"^[-+]?0[0-7_]+$")
_HEX = re.compile(r"^[-+]?0x[0-9a-fA-F_]+$")
_BINARY = re.compile(r"^[-+]?0b[01_]+$")
_SEXAGESIMAL = re.compile(r"^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$|^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$")
_SPECIAL_FLOAT = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$")

# Characters refused in text: C0 controls but tab and line feed, DEL, C1 controls, bidi
# embeddings, overrides and isolates, zero-width space, word joiner and invisible operators,
# and the zero-width no-break space (a byte-order mark is allowed at the very start of a file
# only, and read_text drops it). Zero-width (non-)joiners and left-to-right/right-to-left
# marks stay allowed: Persian, Indic scripts, emoji and mixed-direction text need them.
_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def retyped(value: str) -> str | None:
    """Why YAML 1.1 would silently re-type this plain scalar, or None if it would not."""
    if _YAML11_BOOL.match(value):
        as_bool = value.lower() in ("yes", "on", "y")
        return (
            f"`{value}` is read by YAML as the boolean {str(as_bool).lower()}; write "
            f"`{str(as_bool).lower()}` for a yes/no value, or quote it (\"{value}\") for the text"
        )
    if _SEXAGESIMAL.match(value):
        number = _sexagesimal(value)
        return f"`{value}` is read by YAML as the number {number}, not a time; quote it: \"{value}\""
    if _OCTAL.match(value):
        return (
            f"`{value}` is read by YAML as the octal number {int(value.replace('_', ''), 8)}; "
            f"quote it (\"{value}\") if it is a code, or drop the leading zero if it is a number"
        )
    if _HEX.match(value) or _BINARY.match(value):
        return f"`{value}` is read by YAML as the number {int(value.replace('_', ''), 0)}; quote it: \"{value}\""
    if _SPECIAL_FLOAT.match(value):
        return f"`{value}` is read by YAML as a special number (infinity or not-a-number); quote it: \"{value}\""
    return None


def clipped(value: str) -> str:
    return value if len(value) <= 40 else value[:20] + "..." + value[-10:]


def _sexagesimal(value: str) -> int | float:
    sign = -1 if value.startswith("-") else 1
    total: float = 0
    for part in value.lstrip("+-").replace("_", "").split(":"):
        total = total * 60 + float(part)
    total *= sign
    return int(total) if total == int(total) else total


def holds_refused(text: str) -> bool:
    """Whether `text` holds any character no text may hold (a quick test before looking where)."""
    return _REFUSED.search(text) is not None


def refused_character(text: str) -> tuple[int, str] | None:
    """Where `text` holds its first refused character, and the message saying so; else None."""
    found = _REFUSED.search(text)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if not name:
        return found.start(), f"text holds the control character {code}; remove it"
    why = ", which makes text show in another order than it is written" if _BIDI.match(char) else ""
    return found.start(), f"text holds the invisible character {code} ({name}){why}; remove it"


def check_text(text: str, path: str, problems: Problems, first_line: int = 1) -> None:
    """Report each line of a text (a play's Markdown) that holds a refused character.

    Windows line ends (CR LF) are fine; a CR elsewhere is not."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # lines and columns stay where they were
    if _REFUSED.search(text) is None:
        return
    for number, line in enumerate(text.split("\n"), start=first_line):
        found = refused_character(line)
        if found is not None:
            problems.add(path, number, found[0] + 1, found[1])


def number(value: str) -> tuple[int | float | None, str | None]:
    """A plain scalar that YAML reads as an integer or a float: its value, or None and why it
    cannot be used (more digits than any field allows, a float too large)."""
    if INT.match(value):
        digits = value.replace("_", "").lstrip("+-")
        if len(digits) > MAX_DIGITS:  # Python refuses to read (or print) one of over 4,300 digits
            return None, f"this number has {len(digits)} digits, more than any field allows; write the value the field means"
        return int(value.replace("_", "")), None
    found = float(value.replace("_", ""))
    if math.isinf(found):
        return None, f"`{clipped(value)}` is too large a number for any field; write the value the field means"
    return found, None
