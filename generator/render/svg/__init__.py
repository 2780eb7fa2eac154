"""Pictures drawn at build time as inline SVG: trend charts and the day's overlap strip."""
