"""The `playbooks` command (also `python -m generator`): validate, generate, build, serve, and
the contributor's commands: new, ids, affected, codeowners; serve-config for the web server.

Exit codes: 0 success, 1 problems in the user's files (one `path:line:column: message` line
each, on stderr; `validate --format` writes them for CI instead), 2 wrong usage. A user's
mistake never prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from typing import NoReturn

from .. import __version__, pipeline, project_checks
from . import report_formats as problem_formats
from ..support.codes import ENGINES, SITE_AUDIENCES, Audience, is_audience
from ..support.problems import Problem, UserError, visible


class _Parser(argparse.ArgumentParser):
    """argparse, echoing the user's arguments in its errors as `visible` text (an escape code in
    an argument would otherwise drive the terminal). Subcommands' parsers are of this class too."""

    def error(self, message: str) -> NoReturn:
        super().error(visible(message))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="playbooks",
        description="Build the relationship playbooks site from content/ and playbooks/.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def root_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--root", type=Path, default=Path("."), metavar="DIR",
                             help="project folder holding content/, playbooks/ and mkdocs.yml (default: .)")

    validate = commands.add_parser("validate", help="check all data and playbooks, and the team's rules for plays; "
                                                    "one line per problem")
    root_option(validate)
    validate.add_argument("--format", choices=problem_formats.FORMATS, default="text",
                          help="text (path:line:column: message), github (workflow commands and the job summary), "
                               "json (a list of {path, line, column, message, hint}) or gitlab (code-quality report)")

    generate = commands.add_parser("generate", help="write the docs tree only (no HTML)")
    root_option(generate)
    generate.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the docs tree to")
    generate.add_argument("--audience", choices=SITE_AUDIENCES, default="internal")
    generate.add_argument("--vendor", metavar="SLUG", help="the docs tree of one vendor's vendor-facing site")

    build = commands.add_parser("build", help="generate, build with the engine in strict mode, then replace the site folder")
    root_option(build)
    build.add_argument("--site-dir", type=Path, metavar="DIR", help="where to publish (default: ROOT/site)")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs")
    build.add_argument("--audience", choices=SITE_AUDIENCES, default="internal",
                       help="internal (our staff, the default) or restricted (also contract values, penalties, incentives)")
    which = build.add_mutually_exclusive_group()
    which.add_argument("--vendor", metavar="SLUG", help="build the vendor-facing site of one vendor")
    which.add_argument("--all-vendors", action="store_true",
                       help="build every vendor-facing site into SITE_DIR/<slug>/ (needs --site-dir)")
    build.add_argument("--shard", metavar="K/N",
                       help="with --all-vendors: build only slice K of N of the vendors (by sorted slug), for N "
                            "jobs side by side")

    serve = commands.add_parser("serve", help="live preview: edits to vendors and playbooks show within seconds")
    root_option(serve)
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    serve.add_argument("--audience", choices=SITE_AUDIENCES, default="internal")
    serve.add_argument("--vendor", metavar="SLUG", help="preview one vendor's vendor-facing site")

    new = commands.add_parser("new", help="start a vendor file or a play that validates")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    new_vendor = kinds.add_parser("vendor", help="write content/vendors/SLUG.yml with every required field")
    root_option(new_vendor)
    new_vendor.add_argument("slug", metavar="SLUG")
    new_vendor.add_argument("--name", help="the vendor's name (default: from the slug)")
    new_play = kinds.add_parser("play", help="write playbooks/AREA/ID.md with its front matter and section headings")
    root_option(new_play)
    new_play.add_argument("target", metavar="AREA/ID")

    ids = commands.add_parser("ids", help="the checklist-id ledger (playbooks/checklist-ids.txt): list the ids in use")
    root_option(ids)
    ids.add_argument("--update", action="store_true", help="add new ids to the ledger and sort it (never removes one)")

    affected = commands.add_parser("affected", help="the site paths a change touches, one per line")
    root_option(affected)
    affected.add_argument("--base", required=True, metavar="REF", help="compare with the merge base of REF and HEAD")
    affected.add_argument("--vendors", action="store_true", help="list the vendor-facing sites to rebuild, by slug")

    owners = commands.add_parser("codeowners", help="write CODEOWNERS from `owners:` in content/organization.yml")
    root_option(owners)

    serving = commands.add_parser("serve-config", help="print the web server's rules for the built sites (who reads "
                                                       "which, from `access:` in content/organization.yml)")
    root_option(serving)
    serving.add_argument("server", choices=("nginx", "caddy", "feeds"),
                         help="nginx (server blocks for http {}), caddy (Caddyfile site blocks) or feeds (the calendar "
                              "feeds' addresses, for subscribers)")
    serving.add_argument("--internal", required=True, metavar="SITE", help="the internal site's folder on the server")
    serving.add_argument("--partners", required=True, metavar="DIR", help="the folder `build --all-vendors --site-dir` wrote, on the server")
    serving.add_argument("--restricted", metavar="SITE", help="the restricted site's folder on the server (with --restricted-host)")
    serving.add_argument("--internal-host", required=True, metavar="HOST")
    serving.add_argument("--partners-host", required=True, metavar="HOST")
    serving.add_argument("--restricted-host", metavar="HOST")
    serving.add_argument("--listen", default="80", metavar="ADDR", help="port, or address:port, to listen on (default: 80)")
    serving.add_argument("--basic", metavar="HTPASSWD_DIR", help="HTTP basic authentication with one password file per group "
                                                                  "in this folder, instead of single sign-on")
    serving.add_argument("--auth-url", default="http://127.0.0.1:4180", metavar="URL",
                         help="the sign-on endpoint (oauth2-proxy) without --basic (default: http://127.0.0.1:4180)")
    serving.add_argument("--feed-secret-file", type=Path, metavar="FILE",
                         help="the secret the calendar feeds' addresses derive from (default: $PLAYBOOKS_FEED_SECRET)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code = _outcome(args)
        sys.stdout.flush()  # here, where a closed pipe is caught below, not at exit
        return code
    except BrokenPipeError:
        # The reader stopped reading (`playbooks ids | head -1`): no traceback, and no second
        # error when Python flushes stdout on the way out (Python's docs, "SIGPIPE").
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _outcome(args: argparse.Namespace) -> int:
    """The command's exit code, its problems reported as the command reports them."""
    try:
        return _run(args)
    except UserError as error:
        if args.command == "validate":
            return _report(args, error.problems, "")
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        tail = "; nothing was published" if args.command in ("build", "generate") else ""
        print(f"{_count(count, 'problem')} found{tail}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _reader(args: argparse.Namespace) -> Audience:
    """Who the site of `generate --audience/--vendor` is for (argparse allowed only the codes)."""
    if args.vendor:
        return "vendor"
    audience = args.audience
    assert is_audience(audience), audience
    return audience


def _report(args: argparse.Namespace, problems: list[Problem], ok_line: str) -> int:
    """`validate`'s result in the format asked for: the machine formats on stdout, the count line
    on stderr, as people read it."""
    root: Path = args.root.resolve()
    fmt = args.format
    if fmt == "json":
        sys.stdout.write(problem_formats.as_json(problems))
    elif fmt == "gitlab":
        sys.stdout.write(problem_formats.as_gitlab(problems))
    elif fmt == "github":
        sys.stdout.write(problem_formats.github(problems, root))
        problem_formats.write_summary(problem_formats.summary(problems, ok_line))
    else:
        for problem in problems:
            print(problem, file=sys.stderr)
    if not problems:
        print(ok_line, file=sys.stdout if fmt in ("text", "github") else sys.stderr)
        return 0
    print(f"{_count(len(problems), 'problem')} found.", file=sys.stderr)
    return 1


def _run(args: argparse.Namespace) -> int:
    root: Path = args.root.resolve()
    if args.command == "validate":
        checked = project_checks.validate_project(root)
        _print(project_checks.warnings(checked.site, root, deadlines=False))
        _print(list(checked.hints))
        return _report(args, [], f"OK: {_count(checked.vendors, 'vendor')}, {_count(checked.plays, 'play')}, no problems.")
    if args.command == "generate":
        generated, stats = pipeline.generate_project(root, args.out, audience=_reader(args), vendor=args.vendor)
        _print(project_checks.warnings(generated.site, root))
        print(f"Wrote {len(stats.written)} files ({stats.unchanged} unchanged, {len(stats.deleted)} deleted) "
              f"to {visible(str(args.out))} in {generated.seconds:.2f} s.")
        return 0
    if args.command == "build":
        return _build(args, root)
    if args.command == "serve":
        from .serve import serve

        return serve(root, dev_addr=args.dev_addr, audience=args.audience, vendor=args.vendor)
    if args.command == "new":
        return _new(args, root)
    if args.command == "ids":
        return _ids(args, root)
    if args.command == "affected":
        from .affected import affected

        for path in affected(root, args.base, vendors=args.vendors):
            print(path)
        return 0
    if args.command == "serve-config":
        return _serve_config(args, root)
    if args.command == "codeowners":
        changed, written = project_checks.write_codeowners(root)
        print(f"{'Wrote' if changed else 'Unchanged:'} {written}")
        return 0
    raise AssertionError(args.command)  # pragma: no cover


_SHARD = re.compile(r"^([1-9][0-9]{0,5})/([1-9][0-9]{0,5})$")


def _build(args: argparse.Namespace, root: Path) -> int:
    if args.shard is not None and not args.all_vendors:
        return _usage("--shard divides --all-vendors among jobs; add --all-vendors")
    if args.all_vendors:
        if args.site_dir is None:
            return _usage("--all-vendors needs --site-dir DIR (each vendor's site goes to DIR/<slug>/)")
        if args.audience != "internal":
            return _usage("vendor-facing sites hold vendor-visible data only; drop --audience")
        shard = None
        if args.shard is not None:
            match = _SHARD.match(args.shard)
            if match is None or int(match.group(1)) > int(match.group(2)):
                return _usage(f"--shard `{args.shard}` must be K/N with 1 <= K <= N, like 2/4 (the second of four slices)")
            shard = (int(match.group(1)), int(match.group(2)))
        started = time.perf_counter()
        sites = pipeline.build_all_vendors(root, site_dir=args.site_dir, engine_name=args.engine, shard=shard)
        engine_seconds = sum(site.engine_seconds for site in sites)
        generator_seconds = sum(site.generator_seconds for site in sites)
        part = f" (shard {shard[0]}/{shard[1]})" if shard else ""
        print(f"Built {_count(len(sites), 'vendor-facing site')}{part} with {args.engine} into {visible(str(args.site_dir))}/<slug>/ in "
              f"{time.perf_counter() - started:.1f} s (generator {generator_seconds:.2f} s, engine {engine_seconds:.1f} s, "
              f"summed over the sites).")
        return 0
    if args.vendor and args.audience != "internal":
        return _usage("a vendor-facing site holds vendor-visible data only; drop --audience")
    started = time.perf_counter()
    report = pipeline.build(root, site_dir=args.site_dir, engine_name=args.engine, audience=args.audience, vendor=args.vendor)
    _print(project_checks.warnings(report.generated.site, root))
    target = (args.site_dir or root / "site")
    pages = sum(1 for p in report.generated.tree if p.endswith(".md"))
    print(f"Built {pages} pages with {args.engine} into {visible(str(target))} in {time.perf_counter() - started:.1f} s "
          f"(generator {report.generated.seconds:.2f} s, engine {report.engine_seconds:.1f} s).")
    return 0


def _print(warnings: list[Problem]) -> None:
    """Warnings (project_checks.warnings), one `path:line:column: warning: ...` line each, on stderr."""
    for problem in warnings:
        print(problem, file=sys.stderr)


def _serve_config(args: argparse.Namespace, root: Path) -> int:
    from . import serve_config

    try:
        options = serve_config.Options(
            internal=args.internal, partners=args.partners, internal_host=args.internal_host,
            partners_host=args.partners_host, restricted=args.restricted, restricted_host=args.restricted_host,
            listen=args.listen, basic=args.basic, auth_url=args.auth_url,
            secret=serve_config.read_secret(args.feed_secret_file))
        plan = serve_config.layout(root, options)
    except serve_config.UsageError as error:
        print(f"playbooks serve-config: error: {error}", file=sys.stderr)
        return 2
    if args.server == "feeds":
        if not any(site.feeds for sites in plan.hosts.values() for site in sites):
            print(f"playbooks serve-config: error: no feed secret: set {serve_config.SECRET_VARIABLE} or --feed-secret-file",
                  file=sys.stderr)
            return 2
        sys.stdout.write(serve_config.feed_list(plan))
    else:
        sys.stdout.write(serve_config.WRITERS[args.server](plan))
    return 0


def _new(args: argparse.Namespace, root: Path) -> int:
    from . import scaffold

    if args.kind == "vendor":
        path = scaffold.new_vendor(root, args.slug, args.name)
        print(f"Wrote {visible(str(path))}: replace the values marked \"change\", then run `playbooks validate`.")
    else:
        path = scaffold.new_play(root, args.target, pipeline.build_date())
        print(f"Wrote {visible(str(path))}: `playbooks validate` lists what is still to write in it.")
    return 0


def _ids(args: argparse.Namespace, root: Path) -> int:
    if not args.update:
        for entry in project_checks.checklist_ids(root):
            print(entry)
        return 0
    ledger, added, vanished = project_checks.update_checklist_ids(root)
    print(f"{ledger}: {_count(len(added), 'new id')} added" + "".join(f"\n  {entry}" for entry in added))
    if vanished:
        raise UserError(vanished)
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _usage(message: str) -> int:
    """Wrong usage (exit 2); the arguments `message` echoes are shown as `visible` text."""
    print(f"playbooks build: error: {visible(message)}", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
