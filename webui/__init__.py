"""UI-only helpers for app.py: escaping, highlighted spans, tables and charts built from the models.

Nothing here extracts, retrieves or judges; every figure shown comes from a Claim, Citation or
Passage handed over by index/ or answer/.
"""
