"""The build cache's file format: values as tagged JSON lists and a section of raw bytes, read
back only as JSON values, bytes, dates, tuples, sets and the dataclasses registered with
`allow()`. Nothing here can run code when a file is read (a clone or a CI checkout holds
whatever a pull request put under `build/`); anything this format does not write raises
`Damaged`, and the store (cache.py) treats that entry as absent."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

# list whose first item is a tag: ["j", v] for a value that is plain JSON already (a parsed YAML
# file's data), ["x", offset, length] for bytes, ["c", name, fields...] for a registered
# dataclass... Reading builds nothing but these values and the registered dataclasses, so a file
# can hold wrong data at worst (checked before use), never code.
_BIG = 1 << 62  # integers beyond this travel as hexadecimal text (Python limits decimal text of huge ones)
_CLASSES: dict[str, type] = {}


class Damaged(Exception):
    """A stored value that is not what this format writes."""


def _damaged() -> bool:
    raise Damaged


def allow(*classes: type) -> None:
    """Let the stores hold these dataclasses (by module and name; their fields, in order)."""
    for cls in classes:
        assert is_dataclass(cls)
        _CLASSES[f"{cls.__module__}.{cls.__qualname__}"] = cls


def plain(value: Any, deep: int | None = None) -> bool:
    """Whether `value` reads back from JSON as itself: string-keyed dicts, lists, text, booleans,
    null, finite-width integers and floats; with `deep`, nested at most that many lists or
    objects deep (`value` itself the first)."""
    kind = type(value)
    if kind is str or kind is bool or value is None or kind is float:
        return True
    if kind is int:
        return bool(-_BIG < value < _BIG)
    inner = None if deep is None else deep - 1
    if inner is not None and inner < 0:
        return False
    if kind is dict:
        return all(type(key) is str and plain(item, inner) for key, item in value.items())
    if kind is list:
        return all(plain(item, inner) for item in value)
    return False


def _scalars(items: tuple[Any, ...]) -> bool:
    """Whether every item is text or a not too large integer (a position, a path into data)."""
    return all(type(item) is str or (type(item) is int and -_BIG < item < _BIG) for item in items)


class Writer:
    """Encodes values for one file; bytes go to `blobs`."""

    def __init__(self) -> None:
        self.blobs: list[bytes] = []
        self.size = 0

    def encode(self, value: Any) -> Any:
        kind = type(value)
        if (kind is dict or kind is list) and plain(value):
            return ["j", value]
        return self._tagged(value)

    def _blob(self, value: bytes) -> list[int]:
        self.blobs.append(value)
        self.size += len(value)
        return [self.size - len(value), len(value)]

    def _tagged(self, value: Any) -> Any:
        kind = type(value)
        if kind is str or kind is bool or value is None or kind is float:
            return ["j", value]
        if kind is int:
            return ["j", value] if -_BIG < value < _BIG else ["i", hex(value)]
        if kind is dict:
            if value and all(type(key) is str and type(item) is bytes for key, item in value.items()):
                return ["B", {key: self._blob(item) for key, item in value.items()}]  # files by path
            if all(type(key) is tuple and _scalars(key) and type(item) is tuple and _scalars(item)
                   for key, item in value.items()):
                return ["M", [[list(key), list(item)] for key, item in value.items()]]  # positions by data path
            return ["m", *[self.encode(part) for pair in value.items() for part in pair]]
        if kind is list:
            return ["l", *[self.encode(item) for item in value]]
        if kind is tuple:
            if _scalars(value):
                return ["T", list(value)]  # a position, a path into a file's data
            return ["t", *[self.encode(item) for item in value]]
        if kind is bytes:
            return ["x", *self._blob(value)]
        if kind is date:
            return ["d", value.isoformat()]
        if kind is set or kind is frozenset:
            return ["s", *sorted((self.encode(item) for item in value), key=repr)]
        name = f"{kind.__module__}.{kind.__qualname__}"
        if _CLASSES.get(name) is kind:
            return ["c", name, *[self.encode(getattr(value, one.name)) for one in fields(kind)]]
        raise TypeError(f"the build cache cannot hold {name}")  # a bug: register it with allow()


class Reader:
    """Decodes values of one file, whose bytes section is `blobs`; raises Damaged at anything
    this format does not write."""

    def __init__(self, blobs: memoryview):
        self.blobs = blobs
        self.blobs_read = 0

    def _blob(self, where: Any) -> bytes:
        if type(where) is not list or len(where) != 2 or type(where[0]) is not int or type(where[1]) is not int:
            raise Damaged
        start, length = where
        if start < 0 or length < 0 or start + length > len(self.blobs):
            raise Damaged
        self.blobs_read += 1
        return bytes(self.blobs[start:start + length])

    def decode(self, value: Any) -> Any:
        if type(value) is not list or not value or type(value[0]) is not str:
            raise Damaged
        tag, rest = value[0], value[1:]
        try:
            if tag == "j" and len(rest) == 1:
                return rest[0]  # any JSON value is itself
            if tag == "x" and len(rest) == 2:
                return self._blob(rest)
            if tag == "B" and len(rest) == 1 and type(rest[0]) is dict:
                return {key: self._blob(where) for key, where in rest[0].items()}
            if tag == "l":
                return [self.decode(item) for item in rest]
            if tag == "T" and len(rest) == 1 and type(rest[0]) is list:
                return tuple(rest[0])
            if tag == "M" and len(rest) == 1 and type(rest[0]) is list:
                return {tuple(pair[0]): tuple(pair[1]) for pair in rest[0]
                        if (type(pair) is list and len(pair) == 2 and type(pair[0]) is list and type(pair[1]) is list)
                        or _damaged()}
            if tag == "t":
                return tuple(self.decode(item) for item in rest)
            if tag == "i" and len(rest) == 1 and type(rest[0]) is str and len(rest[0]) <= 100_000:
                return int(rest[0], 16)
            if tag == "d" and len(rest) == 1 and type(rest[0]) is str:
                return date.fromisoformat(rest[0])
            if tag == "s":
                return {self.decode(item) for item in rest}
            if tag == "m" and len(rest) % 2 == 0:
                return {self.decode(rest[i]): self.decode(rest[i + 1]) for i in range(0, len(rest), 2)}
            if tag == "c" and rest and type(rest[0]) is str and rest[0] in _CLASSES:
                cls = _CLASSES[rest[0]]
                if len(rest) - 1 != len(fields(cls)):
                    raise Damaged
                return cls(*[self.decode(item) for item in rest[1:]])
        except (ValueError, TypeError, OverflowError):  # a key that cannot be hashed, a bad date...
            raise Damaged from None
        raise Damaged
