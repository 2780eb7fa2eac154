"""Live preview: `playbooks serve`.

MkDocs' own server watches the generated docs tree and reloads the browser; this module
watches the sources (content/, playbooks/) and regenerates the docs tree when they change.
Regeneration writes only files whose bytes changed, so MkDocs sees the real edit. A mistake
in a file prints its problems and leaves the last good preview in place.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

from . import docs_tree, engine, locks, pipeline
from .cache import BuildCache
from .problems import UserError

DEBOUNCE_SECONDS = 0.3


class _Regenerator:
    def __init__(self, root: Path, audience: str, vendor: str | None, variant: engine.Variant):
        self.root = root
        self.audience = audience
        self.vendor = vendor
        self.variant = variant
        self._timer: threading.Timer | None = None
        # Parses and rendered vendor pages of the previous regeneration, kept in memory (and
        # warmed from the last `playbooks build`): after an edit only what changed is redone.
        self.cache = BuildCache(root)
        self._lock = threading.Lock()

    def regenerate(self) -> bool:
        started = time.perf_counter()
        try:
            with self._lock, locks.hold(self.root):  # a `playbooks build` of this project waits
                config = pipeline.project_config(self.root)
                inputs = pipeline.load_checked(self.root, self.cache)
                generated = pipeline.render(inputs, audience=self.audience, vendor=self.vendor, config=config,
                                            cache=self.cache)
                self.cache.prune()  # only what this version of the files needs stays in memory
                stats = docs_tree.write(generated.tree, self.variant.docs, option="")
                engine.write_config(self.variant, pipeline.config_overrides(generated, config))
        except UserError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            print(f"{len(error.problems)} problem(s); the preview shows the last good version.", file=sys.stderr)
            return False
        changed = len(stats.written) + len(stats.deleted)
        if changed:
            print(f"Regenerated {changed} file(s) in {time.perf_counter() - started:.2f} s.", file=sys.stderr)
        return True

    def schedule(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(DEBOUNCE_SECONDS, self.regenerate)
        self._timer.daemon = True
        self._timer.start()


def serve(root: Path, *, dev_addr: str, audience: str = "internal", vendor: str | None = None) -> int:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve

    audience = "vendor" if vendor else audience
    variant = engine.Variant(root, pipeline.variant_name(audience, vendor))
    regenerator = _Regenerator(root, audience, vendor, variant)
    if not regenerator.regenerate():
        return 1

    class _OnChange(FileSystemEventHandler):
        def on_any_event(self, event):  # type: ignore[no-untyped-def]
            if event.is_directory or "/." in str(event.src_path).replace(os.sep, "/"):
                return
            regenerator.schedule()

    observer = Observer()
    for folder in ("content", "playbooks"):
        observer.schedule(_OnChange(), str(root / folder), recursive=True)
    observer.daemon = True
    observer.start()

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        mkdocs_serve(config_file=str(variant.config), livereload=True, watch=[str(root / "mkdocs.yml")], dev_addr=dev_addr)
    finally:
        observer.stop()
    return 0
