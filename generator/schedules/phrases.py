"""Lists and small numbers in words, for the sentences wording.py and the plays' `org` fields
build: "90, 30 and 7", "two periods in a row". Standard library only."""

from __future__ import annotations

COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def listed(words: list[str] | tuple[str, ...]) -> str:
    """["a", "b", "c"] -> "a, b and c"; ["a"] -> "a"; [] -> ""."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def count_word(n: int) -> str:
    """2 -> "two"; 12 -> "12"."""
    return COUNT_WORDS[n] if 0 <= n < len(COUNT_WORDS) else str(n)
