"""Relationship Playbooks: vendor YAML + Markdown playbooks → a MkDocs Material site.

The modules, in the order data flows through them (README.md, "How the code is laid out",
says each one's job; pyproject.toml's import contract holds the order):

    project_files, yaml_loader,   read a project's files (regular, inside it, bounded) strictly,
    frontmatter, images           with the line and column of every value; check images
    schema_files, schema_check    the JSON Schemas, and their errors explained
    load                          find a project's files, check each against its schema
    validate                      rules across fields and files; play text checked (play_source);
    play_rules, ledger,           and the team's rules for contributions: what every play must
    codeowners                    have, checklist ids that never vanish, CODEOWNERS from owners
    audience                      cut data down to what one audience may see; which images it gets
    model/                        the typed model of one site; relations computed; labels: codes as words
    schedules/                    time: working hours, overlap, clock changes, meetings, wording
    voice                         how a site words sides and people for its reader ("our", "your", names)
    play_source, play_sandbox,    a play's text: checked, and rendered in a bounded sandbox,
    play_limits, play_markup,     its HTML and links held to an allowlist,
    plays                         for a vendor or generically
    pages, templates/             render the model into Markdown pages, with checklist_markup,
                                  profile_markup and timeline for what is built in Python, and
                                  first_weeks for a vendor-side role's first weeks (staff pages)
    exports, calendars            checklist exports (CSV, Markdown) and .ics calendars
    cache, workers                the build cache, and work spread over every core
    docs_tree, engine, publish    write the docs tree, build it, swap the site into place
    output_folders, locks         what may be replaced, and one run at a time
    pipeline                      strings the steps together
    site_links                    links in plays checked against the rendered site, as the build does
    problem_formats               problems as text, GitHub commands, JSON, GitLab code quality
    cli, serve                    the `playbooks` command and its live preview
    scaffold, affected            `playbooks new`, and the pages a change touches (from git)
    access, serve_config          who reads which site, and the web server's rules for it
"""

__version__ = "0.1.0"
