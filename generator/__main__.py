"""`python -m generator`: the `playbooks` command."""

from .cli.commands import main

raise SystemExit(main())
