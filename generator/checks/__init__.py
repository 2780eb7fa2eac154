"""Rules that span fields and files, run before anything renders: validation, play rules, relationship rules, links, the checklist-id ledger, CODEOWNERS."""
