"""A play's text before it renders: what it may hold (markup allowlist), its pieces, the sandbox and limits every render is held to."""
