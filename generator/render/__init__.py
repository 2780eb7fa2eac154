"""The model of one site rendered into pages and files (Jinja2 templates, Markdown, HTML pieces, SVG, CSV, calendars), in memory."""
