"""Relationship Playbooks: vendor YAML + Markdown playbooks → a MkDocs Material site.

One package per step of the pipeline, top to bottom (each imports only those below it;
pyproject.toml's import contracts hold the order, docs/architecture.md says each module's job):

    cli/         the `playbooks` command: commands, report formats, serve, serve-config, new, affected
    pipeline.py  strings the steps together: load → validate → model → render → write → engine → publish
    website/     the docs tree written, built by the engine (MkDocs or Zensical), swapped into place; locks
    render/      the model rendered into pages (Jinja2 templates/), HTML pieces (markup/), SVG (svg/),
                 files for download (files/); the reader's voice
    checks/      rules across fields and files: validate, play rules, relationship rules, links, ledger, CODEOWNERS
    model/       the typed model of one site, cut to its audience; measures, health checks, who reads what
    plays/       a play's text before it renders: markup allowlist, pieces, sandbox, limits
    schedules/   time: working hours, overlap, clock changes, meetings, wording
    sources/     a project's files read strictly (YAML with positions, front matter, images), checked
                 against their schemas and loaded
    support/     problems, escaping, the build cache, worker processes, the JSON Schemas, Markdown

Data folders beside the packages: templates/ (pages), theme/ (the engine's overrides), assets/
(CSS and JavaScript), schemas/ (the JSON Schemas of every file a contributor edits).
"""

__version__ = "0.1.0"
