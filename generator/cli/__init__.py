"""The command line: `playbooks` and its subcommands, how problems are reported, live preview, web-server rules, scaffolding, affected pages."""
