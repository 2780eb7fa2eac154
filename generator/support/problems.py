"""Problems in a user's files: where they are, what is wrong, how to fix it.

Every step that reads user input reports through `Problems` instead of raising, so one run
can list every mistake. `UserError` is the only exception the command line turns into
`path:line:column: message` lines; anything else is a bug in the generator.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator


# Characters shown escaped in a problem: controls (a line break would start a second,
# forged-looking problem line; an escape code would drive the terminal), bidi controls and
# marks (they reorder what follows them), zero-width and invisible characters, line and
# paragraph separators.
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """`text` with every character of _UNSEEN written as an escape: `\\x1b`, `\\u202e`, `\\n`."""
    if _UNSEEN.search(text) is None:
        return text
    return _UNSEEN.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    char = found.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # as shown to the user: relative to the project root where possible
    line: int  # 1-based
    column: int  # 1-based
    message: str

    def __str__(self) -> str:
        """One line, whatever the path and message hold; a path that needed escaping, or that holds
        a colon or a quote, is shown in quotes."""
        path = visible(self.path)
        if path != self.path or ":" in path or '"' in path:  # else it could pass for a line and column
            path = '"' + path.replace('"', '\\"') + '"'
        return f"{path}:{self.line}:{self.column}: {visible(self.message)}"

    @property
    def what(self) -> str:
        """What is wrong: the message up to its fix (see `split_fix`)."""
        return split_fix(self.message)[0]

    @property
    def hint(self) -> str:
        """How to fix it: the message after its first `; ` outside backquotes, or empty."""
        return split_fix(self.message)[1]


@dataclass
class Problems:
    """An ordered collection of problems, filled by loaders and validators."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str | Path, line: int, column: int, message: str) -> None:
        self.items.append(Problem(str(path), max(1, line), max(1, column), message))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def sorted(self) -> list[Problem]:
        # Stable, de-duplicated, in file order: the order a person fixes them in.
        return sorted(set(self.items))

    def raise_if_any(self) -> None:
        if self.items:
            raise UserError(self.sorted())


class UserError(Exception):
    """Raised when a user's input cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def split_fix(message: str) -> tuple[str, str]:
    """A message split into what is wrong and how to fix it.

    Every message is written "what is wrong; how to fix it" (a hint such as "did you mean
    `timezone`?" is a fix too), so the first `; ` outside backquotes divides them; a `;`
    inside a quoted value (`a; b`) does not."""
    quoted = False
    for index, char in enumerate(message):
        if char == "`":
            quoted = not quoted
        elif char == ";" and not quoted and message.startswith("; ", index):
            return message[:index], message[index + 2:]
    return message, ""


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """A hint like "; did you mean `timezone`?" or an empty string."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(str(word), options, n=1, cutoff=cutoff) or _abbreviated(str(word), options)
    return f"; did you mean `{close[0]}`?" if close else ""


def _abbreviated(word: str, choices: list[str]) -> list[str]:
    """The choice `word` abbreviates by its words' initials (`qa` -> `quality-assurance`),
    if exactly one does: people type the short form they say."""
    letters = word.lower().replace("-", "").replace("_", "").replace("&", "")
    if len(letters) < 2:
        return []
    found = [c for c in choices if len(parts := re.split(r"[-_ ]+", c)) > 1 and "".join(p[:1] for p in parts).lower() == letters]
    return found if len(found) == 1 else []


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(f"`{c}`" for c in choices)
