"""Live preview: `playbooks serve`.

The sources (content/, playbooks/, mkdocs.yml) are watched with the operating system's file
notifications (inotify), and only what changes files counts: a write, a creation, a move or a
deletion, never the opening or reading of a file (regenerating reads every source, so reacting
to that looped for ever). Even then a regeneration runs only if a file's size or modification
time really changed. It writes only docs files whose bytes changed, and then asks MkDocs'
live-reload server for a build: a *dirty* build, which renders just those pages (Material's
search index keeps the others), unless files appeared or disappeared or the navigation or
configuration changed, which need a full build. Nothing polls, so an idle preview uses no CPU.

A mistake in a file prints its problems once (not again while it stays the same), keeps the
last good preview, and "Fixed." is printed when the files are good again.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from ..support.codes import Audience, SiteAudience
from ..support.values import Value
from ..website import docs_tree, engine, locks
from .. import pipeline
from ..support.cache import BuildCache
from ..support.problems import Problem, UserError

# After the first change notification, wait this long for the rest of a save (editors write a
# file in several steps) before regenerating.
DEBOUNCE_SECONDS = 0.1
# Notifications that mean a file's content or place changed; opening and reading do not.
_CHANGES = {"created", "deleted", "moved", "modified", "closed"}


def fingerprint(root: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every source file (hidden ones excluded, as load does)."""
    found: dict[str, tuple[int, int]] = {}
    stack = [root / "content", root / "playbooks"]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                    continue
                info = entry.stat()
            except OSError:
                continue
            found[entry.path] = (info.st_mtime_ns, info.st_size)
    for name in ("mkdocs.yml",):
        try:
            info = (root / name).stat()
            found[str(root / name)] = (info.st_mtime_ns, info.st_size)
        except OSError:
            pass
    return found


class _Regenerator:
    """Regenerates the docs tree when the sources change, and says whether MkDocs should
    build only the changed pages (dirty) or everything."""

    def __init__(self, root: Path, audience: Audience, vendor: str | None, variant: engine.Variant):
        self.root = root
        self.audience = audience
        self.vendor = vendor
        self.variant = variant
        self._timer: threading.Timer | None = None
        # Parses and rendered vendor pages of the previous regeneration, kept in memory (and
        # warmed from the last `playbooks build`): after an edit only what changed is redone.
        self.cache = BuildCache(root)
        self.lock = threading.Lock()  # one regeneration or MkDocs build at a time
        self.seen: dict[str, tuple[int, int]] | None = None
        self.shown: list[Problem] | None = None  # the problems printed last, while they last
        self.nav: list[Value] | None = None
        self.paths: set[str] = set()  # the docs tree's files after the last regeneration
        self.full = True  # whether the next MkDocs build must be a full one
        self.on_change: Any = None  # called when there is something new to build

    def regenerate(self) -> bool:
        started = time.perf_counter()
        with self.lock:
            current = fingerprint(self.root)
            if current == self.seen:
                return True  # a notification without a change (a save of the same bytes)
            self.seen = current
            try:
                with locks.hold(self.root):  # a `playbooks build` of this project waits
                    config = pipeline.project_config(self.root)
                    inputs = pipeline.load_checked(self.root, self.cache)
                    generated = pipeline.render(inputs, audience=self.audience, vendor=self.vendor, config=config,
                                                cache=self.cache)
                    self.cache.prune()  # only what this version of the files needs stays in memory
                    stats = docs_tree.write(generated.tree, self.variant.docs, option="")
                    before = self.variant.config.read_bytes() if self.variant.config.exists() else b""
                    engine.write_config(self.variant, pipeline.config_overrides(generated, config))
            except UserError as error:
                if error.problems != self.shown:
                    for problem in error.problems:
                        print(problem, file=sys.stderr)
                    count = len(error.problems)
                    print(f"{count} problem{'s' if count != 1 else ''}; the preview shows the last good version.",
                          file=sys.stderr)
                    self.shown = error.problems
                return False
            if self.shown is not None:
                print("Fixed: the preview shows the current files again.", file=sys.stderr)
                self.shown = None
            changed = len(stats.written) + len(stats.deleted)
            if not changed and before == self.variant.config.read_bytes():
                return True
            # New or deleted pages, another nav or configuration: other pages change too.
            if set(generated.tree) != self.paths or generated.nav != self.nav or before != self.variant.config.read_bytes():
                self.full = True
            self.nav, self.paths = generated.nav, set(generated.tree)
            print(f"Regenerated {changed} file(s) in {time.perf_counter() - started:.2f} s.", file=sys.stderr)
        if self.on_change is not None:
            self.on_change()
        return True

    def schedule(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(DEBOUNCE_SECONDS, self.regenerate)
        self._timer.daemon = True
        self._timer.start()


def _watch(root: Path, regenerator: _Regenerator) -> Any:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    config = str(root / "mkdocs.yml")

    class _OnChange(FileSystemEventHandler):
        def __init__(self, only: str | None = None):
            self.only = only

        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type not in _CHANGES:
                return
            paths = [os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")]
            if self.only is not None and self.only not in paths:
                return
            if all("/." in p.replace(os.sep, "/") for p in paths if p):
                return  # editors' hidden swap and backup files
            regenerator.schedule()

    observer = Observer()
    for folder in ("content", "playbooks"):
        observer.schedule(_OnChange(), str(root / folder), recursive=True)
    observer.schedule(_OnChange(config), str(root), recursive=False)
    observer.daemon = True
    observer.start()
    return observer


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers the preview answers: this machine's loopback names and the address it
    was told to bind, each with its port or without. Any other name (a page on another site
    whose name a DNS rebinding points at 127.0.0.1) gets 421, so it cannot read the preview."""
    bound = f"[{host.strip('[]')}]" if ":" in host else host
    names = {"localhost", "127.0.0.1", "[::1]", bound.lower()}
    return frozenset(name for one in names for name in (one, f"{one}:{port}"))


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _server_type(hosts: frozenset[str]) -> Any:
    """MkDocs' live-reload server, answering only this machine's names, rebuilding when asked."""
    from mkdocs.livereload import LiveReloadServer

    class _Server(LiveReloadServer):
        def serve_request(self, environ: Any, start_response: Any) -> Any:
            """Only requests for this machine's names (allowed_hosts); 421 for any other Host."""
            if environ.get("HTTP_HOST", "").lower() not in hosts:
                start_response("421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"421 Misdirected Request: the preview answers only http://localhost, 127.0.0.1 or [::1] "
                        b"(or the address given to --dev-addr), with its port\n"]
            return super().serve_request(environ, start_response)

        def request_rebuild(self) -> None:
            """What MkDocs' own file watcher does on a change (its fields, as of MkDocs 1.6),
            called after a regeneration instead: no folder is polled."""
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

    return _Server


class _Builder:
    """The engine's build of the preview, each time the regenerator has written the docs tree
    (`server`: the live-reload server, set once it exists; it serves `server.root`)."""

    def __init__(self, regenerator: _Regenerator, variant: engine.Variant, dev_addr: str, serve_url: str):
        self.regenerator, self.variant, self.dev_addr, self.serve_url = regenerator, variant, dev_addr, serve_url
        self.server: Any = None

    def __call__(self, config: Any = None) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        server, serve_url = self.server, self.serve_url
        with self.regenerator.lock:
            full, self.regenerator.full = self.regenerator.full, False
            if config is None:
                config = load_config(config_file=str(self.variant.config), site_dir=server.root, dev_addr=self.dev_addr)
            config.site_url = serve_url
            if full and os.path.isdir(server.root) and os.listdir(server.root):
                # A full build empties its folder first: build into a new one and switch to
                # it when done, so the preview never serves a half-built site.
                fresh = tempfile.mkdtemp(prefix="playbooks-serve-")
                config.site_dir = fresh
                build(config, serve_url=serve_url, dirty=False)
                old, server.root = server.root, fresh
                shutil.rmtree(old, ignore_errors=True)
            else:
                build(config, serve_url=serve_url, dirty=not full)


def _log_mkdocs() -> logging.Logger:
    """MkDocs' messages on the terminal, as `mkdocs serve` prints them."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger


def serve(root: Path, *, dev_addr: str, audience: SiteAudience = "internal", vendor: str | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.livereload import _serve_url

    reader: Audience = "vendor" if vendor else audience
    variant = engine.Variant(root, pipeline.variant_name(reader, vendor))
    regenerator = _Regenerator(root, reader, vendor, variant)
    if not regenerator.regenerate():
        return 1

    logger = _log_mkdocs()
    site_dir = tempfile.mkdtemp(prefix="playbooks-serve-")
    config = load_config(config_file=str(variant.config), site_dir=site_dir, dev_addr=dev_addr)
    config.plugins.on_startup(command="serve", dirty=True)  # Material's search keeps its index across dirty builds
    host, port = config.dev_addr
    serve_url = _serve_url(host, port, "/")

    builder = _Builder(regenerator, variant, dev_addr, serve_url)
    # Its threads wake every `shutdown_delay` to see whether to stop: once a second, not four times.
    server = _server_type(allowed_hosts(host, port))(builder=builder, host=host, port=port, root=site_dir, mount_path="/",
                                                     shutdown_delay=1.0)
    builder.server = server
    server.build_delay = 0  # a regeneration asks once, after writing everything

    def error_page(code: int) -> bytes | None:
        page = Path(server.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    regenerator.on_change = server.request_rebuild
    # Stopped by a signal (a terminal closing, `kill`), clean up as on Ctrl-C: no site left in /tmp.
    signal.signal(signal.SIGTERM, _interrupt)
    observer = None
    try:
        builder(config)
        observer = _watch(root, regenerator)
        server.serve()
    except KeyboardInterrupt:
        logger.info("Shutting down...")
    finally:
        if observer is not None:
            observer.stop()
        server.shutdown()
        config.plugins.on_shutdown()
        shutil.rmtree(server.root, ignore_errors=True)
    return 0
