"""Which files of a project the generator may read, and reading them with a bound.

One rule for every file read from a project folder (vendor files, `organization.yml`, the
playbooks' YAML, plays and playbook introductions, images beside plays, `mkdocs.yml`):

- after following symbolic links it lies inside the project folder (a link that stays inside
  is fine; one leading out is refused, since a pull request could otherwise publish
  `/etc/passwd` or the build's environment through `diagram.png -> /proc/self/environ`);
- it is a regular file: folders, named pipes, sockets and devices are refused without being
  opened for long (a pipe would block a read forever, `/dev/zero` never ends);
- it is no larger than its limit, counted while reading: at most limit + 1 bytes are read,
  whatever size the file system reports (files under /proc report 0).

Walks over a folder list only what lies inside the project and enter each real folder once,
so a symbolic link can neither lead a walk out of the project nor round in a circle.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Refused(Exception):
    """A path of the project that may not be read; `str()` says why and how to fix it."""


class Project:
    """The files of one project folder, for one run (a load): where each folder really is is
    worked out once per run, as a file system may change between runs (`playbooks serve`)."""

    def __init__(self, root: Path):
        self.root = Path(os.path.realpath(root))
        self._base = str(self.root).rstrip(os.sep) + os.sep
        self._folders: dict[Path, str] = {}  # folder as named -> its real path, inside the project

    def inside(self, path: Path) -> Path:
        """`path` with every symbolic link followed, if that lies inside the project."""
        return Path(self._checked(os.path.realpath(path)))

    def _checked(self, real: str) -> str:
        if real != str(self.root) and not real.startswith(self._base):
            raise Refused(
                f"leads outside the project, to `{real}`: the generator reads only files inside the project "
                "folder; copy the file into the project instead of linking to it"
            )
        return real

    def _real_folder(self, folder: Path) -> str:
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = self._checked(os.path.realpath(folder))
        return real

    def read(self, path: Path, limit: int, *, advice: str = "split it up") -> bytes:
        """The bytes of `path` under the rule above, or Refused saying what is wrong with it.

        `advice` ends the message for a file over `limit` bytes ("split it up")."""
        try:
            # Most files are no link: then the file is where its folder really is (worked out
            # once per folder), and lstat tells its kind without following anything.
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                real = str(self.inside(path))
                info = os.stat(real)
            else:
                real = os.path.join(self._real_folder(path.parent), path.name)
            _regular(info)  # before opening: opening a device can itself do something
            # O_NONBLOCK: should the file have become a pipe since, opening it does not wait for
            # a writer (and fstat below refuses it); O_NOFOLLOW: nor may it have become a link.
            handle = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            if os.path.islink(path):
                raise Refused(f"is a symbolic link to `{os.readlink(path)}`, which does not exist: fix or remove the link") from None
            raise Refused("the file does not exist") from None
        except OSError as error:
            raise Refused(f"cannot read the file: {error.strerror}") from None
        try:
            info = os.fstat(handle)
            _regular(info)
            data = _read_at_most(handle, limit + 1, info.st_size)
        except OSError as error:
            raise Refused(f"cannot read the file: {error.strerror}") from None
        finally:
            os.close(handle)
        if len(data) > limit:
            size = max(info.st_size, len(data))
            if size // 1024 > limit // 1024:
                raise Refused(f"file is {size // 1024} KiB; the limit is {limit // 1024} KiB: {advice}")
            raise Refused(f"file is {size} bytes; the limit is {limit} bytes ({limit // 1024} KiB): {advice}")
        return data

    def entries(self, folder: Path) -> list[Path]:
        """The entries of a folder of the project, sorted, if the folder lies inside it (else Refused)."""
        real = self._real_folder(folder)
        try:
            return sorted(folder / name for name in os.listdir(real))
        except OSError as error:
            raise Refused(f"cannot read the folder: {error.strerror}") from None

    def walk(self, folder: Path) -> tuple[list[Path], dict[Path, Refused]]:
        """Everything under `folder` that is not a folder, sorted, and the folders refused on the way.

        Names starting with `.` are left out, and so is what lies under them. Real folders are
        walked first; then each symbolic link to a folder is followed if it leads inside the
        project and neither to a folder the walk reads already nor to one holding such a
        folder; one that does is refused (a loop, or a second name for the same folder). So
        every real folder is read once and the walk ends.
        """
        found: list[Path] = []
        refused: dict[Path, Refused] = {}
        try:
            start = Path(self._real_folder(folder))
        except Refused as error:
            return [], {folder: error}
        entered = [start]
        folders = [(folder, start)]  # to read: (path as the user names it, real path)
        links: list[Path] = []  # links to folders, followed once no real folder is left to read
        while folders or links:
            if not folders:
                link = links.pop(0)
                try:
                    target = self._followed(link, entered)
                except Refused as error:
                    refused[link] = error
                    continue
                entered.append(target)
                folders.append((link, target))
                continue
            shown, real = folders.pop()
            try:
                listing = sorted(os.scandir(real), key=lambda entry: entry.name)
            except OSError as error:
                refused[shown] = Refused(f"cannot read the folder: {error.strerror}")
                continue
            for entry in listing:
                if entry.name.startswith("."):
                    continue
                if entry.is_symlink() and os.path.isdir(entry.path):
                    links.append(shown / entry.name)
                elif entry.is_dir(follow_symlinks=False):
                    entered.append(Path(entry.path))
                    folders.append((shown / entry.name, Path(entry.path)))
                else:
                    found.append(shown / entry.name)
        return sorted(found), refused

    def _followed(self, link: Path, entered: list[Path]) -> Path:
        """Where a link to a folder leads, if a walk that entered `entered` may follow it."""
        target = self.inside(link)
        for seen in entered:
            if target == seen or target in seen.parents or seen in target.parents:
                shown = target.relative_to(self.root).as_posix()
                raise Refused(
                    f"leads to `{shown}`, whose files are read already (a loop, or a second name for the same "
                    "folder): remove the link"
                )
        return target


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"  # pragma: no cover - no other kinds on Linux


def _regular(info: os.stat_result) -> None:
    kind = _kind(info.st_mode)
    if kind is not None:
        raise Refused(f"is {kind}, not a regular file: the generator reads only regular files; replace it with one or remove it")


def _read_at_most(handle: int, size: int, expected: int) -> bytes:
    """Up to `size` bytes, asking for what the file says it holds (plus one, to see its end) at
    first: a buffer of the whole limit for each small file would cost more than the reading."""
    chunks = []
    want = expected + 1 if expected else 64 * 1024
    while size > 0:
        chunk = os.read(handle, min(size, want))
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
        want = 64 * 1024
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
