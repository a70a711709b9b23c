"""Evaluation of the evidence desk against public gold, kept out of the product packages.

    python -m evaluation.extraction [--set seeds|ei|yun|all]   extraction, field by field
    python -m evaluation.scifact [--tune]                      retrieval on SciFact
    python -m evaluation.embed_worker --part I --parts N       fills SciFact's vector cache
    python -m evaluation.check_covid                           verify on Check-COVID

The data is read in place from settings.SETTINGS.eval_dir (EVIDENCE_DESK_EVAL_DIR); nothing here
is imported by extract/, index/ or answer/, and no change here alters stored claims.
"""
