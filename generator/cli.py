"""The `playbooks` command (also `python -m generator`): validate, generate, build, serve.

Exit codes: 0 success, 1 problems in the user's files (one `path:line:column: message` line
each, on stderr), 2 wrong usage. A user's mistake never prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__, pipeline
from .engine import ENGINES
from .problems import UserError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playbooks",
        description="Build the relationship playbooks site from content/ and playbooks/.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def root_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--root", type=Path, default=Path("."), metavar="DIR",
                             help="project folder holding content/, playbooks/ and mkdocs.yml (default: .)")

    validate = commands.add_parser("validate", help="check all data and playbooks; one line per problem")
    root_option(validate)

    generate = commands.add_parser("generate", help="write the docs tree only (no HTML)")
    root_option(generate)
    generate.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the docs tree to")
    generate.add_argument("--audience", choices=("internal", "restricted"), default="internal")
    generate.add_argument("--vendor", metavar="SLUG", help="the docs tree of one vendor's vendor-facing site")

    build = commands.add_parser("build", help="generate, build with the engine in strict mode, then replace the site folder")
    root_option(build)
    build.add_argument("--site-dir", type=Path, metavar="DIR", help="where to publish (default: ROOT/site)")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs")
    build.add_argument("--audience", choices=("internal", "restricted"), default="internal",
                       help="internal (our staff, the default) or restricted (also contract values, penalties, incentives)")
    which = build.add_mutually_exclusive_group()
    which.add_argument("--vendor", metavar="SLUG", help="build the vendor-facing site of one vendor")
    which.add_argument("--all-vendors", action="store_true",
                       help="build every vendor-facing site into SITE_DIR/<slug>/ (needs --site-dir)")

    serve = commands.add_parser("serve", help="live preview: edits to vendors and playbooks show within seconds")
    root_option(serve)
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    serve.add_argument("--audience", choices=("internal", "restricted"), default="internal")
    serve.add_argument("--vendor", metavar="SLUG", help="preview one vendor's vendor-facing site")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except UserError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was published.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    root: Path = args.root.resolve()
    if args.command == "validate":
        inputs = pipeline.load_checked(root)
        # Render the fullest site in memory (every page, every play generically, checklists for
        # every vendor), then every vendor-visible play as each vendor's own site shows it: this
        # catches template errors that only one site would hit. (Links that vendor-facing sites
        # could not resolve are checked in validate.py.)
        pipeline.render(inputs, audience="restricted")
        pipeline.check_vendor_sites(inputs)
        print(f"OK: {_count(len(inputs.vendors), 'vendor')}, {_count(len(inputs.plays), 'play')}, no problems.")
        return 0
    if args.command == "generate":
        audience = "vendor" if args.vendor else args.audience
        generated, stats = pipeline.generate_project(root, args.out, audience=audience, vendor=args.vendor)
        print(f"Wrote {len(stats.written)} files ({stats.unchanged} unchanged, {len(stats.deleted)} deleted) "
              f"to {args.out} in {generated.seconds:.2f} s.")
        return 0
    if args.command == "build" and args.all_vendors:
        if args.site_dir is None:
            return _usage("--all-vendors needs --site-dir DIR (each vendor's site goes to DIR/<slug>/)")
        if args.audience != "internal":
            return _usage("vendor-facing sites hold vendor-visible data only; drop --audience")
        started = time.perf_counter()
        reports = pipeline.build_all_vendors(root, site_dir=args.site_dir, engine_name=args.engine)
        engine_seconds = sum(r.engine_seconds for r in reports)
        generator_seconds = sum(r.generated.seconds for r in reports)
        print(f"Built {len(reports)} vendor-facing sites with {args.engine} into {args.site_dir}/<slug>/ in "
              f"{time.perf_counter() - started:.1f} s (generator {generator_seconds:.2f} s, engine {engine_seconds:.1f} s).")
        return 0
    if args.command == "build":
        if args.vendor and args.audience != "internal":
            return _usage("a vendor-facing site holds vendor-visible data only; drop --audience")
        started = time.perf_counter()
        report = pipeline.build(root, site_dir=args.site_dir, engine_name=args.engine, audience=args.audience, vendor=args.vendor)
        target = (args.site_dir or root / "site")
        pages = sum(1 for p in report.generated.tree if p.endswith(".md"))
        print(f"Built {pages} pages with {args.engine} into {target} in {time.perf_counter() - started:.1f} s "
              f"(generator {report.generated.seconds:.2f} s, engine {report.engine_seconds:.1f} s).")
        return 0
    if args.command == "serve":
        from .serve import serve

        return serve(root, dev_addr=args.dev_addr, audience=args.audience, vendor=args.vendor)
    raise AssertionError(args.command)  # pragma: no cover


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _usage(message: str) -> int:
    print(f"playbooks build: error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
