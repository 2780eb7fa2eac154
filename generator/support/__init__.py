"""Helpers every step uses: problems, escaping, the build cache and its file format, worker processes, the JSON Schemas, Markdown as the engines run it."""
