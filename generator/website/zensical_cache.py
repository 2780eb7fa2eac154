"""Zensical's own cache, kept between builds where that is safe.

Zensical (0.0.73) keeps a cache of its own in `.cache/` beside the configuration file it reads,
so here in `build/<variant>/.cache/`, a folder inside the variant folder this tool made: one
JSON file per page and step (the page's Markdown rendered, then the page rendered into the
theme's templates), named by a 64-bit hash and holding `{"data": ..., "hash": ...}`, where
`hash` is the hash of what went in. Zensical reads it as data (JSON, parsed in Rust): nothing
in it runs. `zensical build --clean` empties it; without `--clean` Zensical reuses an entry
whose inputs hash the same; its entries name files by absolute path, so they hold only in the
folder they were made in (a copied or moved project builds cold). Measured on the sample
(tests/test_zensical_cache.py): after a vendor changed, a vendor deleted, a play changed, the
organisation or the project's mkdocs.yml changed, a warm site is byte for byte the clean one:
Zensical hashes each page's Markdown, the merged configuration (the navigation with it), its
Markdown settings and the templates' paths and modification times.

What Zensical does not see, so what `key` holds, and a build passes `--clean` when it differs
from the key the last successful build left in `build/<variant>/zensical-cache.json`:

- the code of this tool and its theme overrides by their bytes: Zensical looks at a
  template's path and modification time only, and a template changed within the same
  modification time left all 82 pages of the sample stale;
- the versions of Python and of every library that shapes a page, Zensical's own among them
  (Python-Markdown, pymdown-extensions, Pygments...): `cache_store.version()`, and Pygments;
- the build's date (SOURCE_DATE_EPOCH), which the engine may stamp into what it writes;
- the project's mkdocs.yml by its bytes: it is loaded with PyYAML's full loader, so a
  `!!python/name:` setting names code whose changes Zensical cannot see.

The stamp is removed before Zensical runs and written again only after it succeeded, so a
build that failed or was killed leaves none, and the next one cleans.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..support.cache_store import digest, installed, version
from ..support.problems import Problem, UserError

STAMP = "zensical-cache.json"  # in build/<variant>/, beside mkdocs.yml
CACHE = ".cache"  # Zensical's own folder, beside the configuration it reads
_FORMAT = 1


def key(root: Path, epoch: str | None, theme: Path) -> str:
    """What a kept cache depends on and Zensical does not see (the module docstring); `theme`:
    the folder of theme overrides the variant's mkdocs.yml names, by its files' bytes."""
    try:
        project = (root / "mkdocs.yml").read_bytes()
    except OSError:
        project = b""
    overrides = [part for path in sorted(theme.rglob("*")) if path.is_file()
                 for part in (path.relative_to(theme).as_posix(), path.read_bytes())]
    return digest(f"zensical cache {_FORMAT}", version(), f"Pygments {installed('Pygments')}",
                  f"epoch {epoch or os.environ.get('SOURCE_DATE_EPOCH', '')}", project, *overrides)


def needs_clean(folder: Path, wanted: str) -> bool:
    """Whether Zensical must start from an empty cache in the variant `folder`: no stamp, or one
    that is not exactly `wanted` (a file this tool did not write never matches). The stamp is
    removed either way: it comes back only once the build has succeeded (`keep`)."""
    check_folder(folder)
    stamp = folder / STAMP
    if stamp.is_symlink() or not stamp.is_file():
        _remove(stamp)
        return True
    try:
        found = json.loads(stamp.read_text("utf-8"))
    except (OSError, ValueError):
        found = None
    _remove(stamp)
    return not (isinstance(found, dict) and found == {"format": _FORMAT, "key": wanted})


def keep(folder: Path, wanted: str) -> None:
    """After a successful build: the cache Zensical left matches `wanted`."""
    (folder / STAMP).write_text(json.dumps({"format": _FORMAT, "key": wanted}), "utf-8")


def check_folder(folder: Path) -> None:
    """Zensical writes and empties `.cache/` in the variant folder: it must be a real folder
    there (or missing), never a symbolic link that would send it elsewhere."""
    cache, stamp = folder / CACHE, folder / STAMP
    if cache.is_symlink() or (cache.exists() and not cache.is_dir()):
        raise UserError([Problem(str(cache), 1, 1, "Zensical's cache must be a real folder inside the project's build/ "
                                 "folder; remove this symbolic link or file and build again")])
    if stamp.exists() and not stamp.is_symlink() and not stamp.is_file():
        raise UserError([Problem(str(stamp), 1, 1, "this must be a plain file that playbooks writes; remove it and build again")])


def _remove(stamp: Path) -> None:
    if stamp.is_symlink() or stamp.is_file():
        stamp.unlink()
