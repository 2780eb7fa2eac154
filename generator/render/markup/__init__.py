"""HTML pieces built in Python, one module per subject: checklists, a vendor's profile, the relationship record."""
