"""Files generated beside the pages for download: exports (CSV, Markdown) and calendars (.ics)."""
