"""Relationship Playbooks: vendor YAML + Markdown playbooks → a MkDocs Material site.

The modules, in the order data flows through them:

    yaml_loader, frontmatter  read files strictly, with line and column of every value
    load                      find a project's files, check each against its JSON Schema
    schema_check              explain schema errors to the person editing the file
    validate                  cross-file rules: references, time zones, hours, unique ids
    audience                  cut data down to what one audience may see
    model                     typed model of one site; computed relations
    overlap, timezones        working-hour overlap from IANA time zones
    plays                     sandboxed Jinja2 for play text
    escape                    escaping for Markdown, URLs and HTML attributes
    pages, templates/         render the model into Markdown pages
    docs_tree                 write the docs tree, touching only changed files
    engine                    build it with MkDocs or Zensical
    publish                   swap the built site into place
    pipeline                  strings the steps together
    cli, serve                the `playbooks` command
"""

__version__ = "0.1.0"
