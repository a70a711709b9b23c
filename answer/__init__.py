"""Answers and fact-checking over the claim index.

    from index import open_or_build
    from answer import ask, verify, audit
    idx = open_or_build()
    ask("What was the median follow-up?", idx)          # -> Answer with [n] citations, or an abstention
    verify("95% of infants survived two years", idx)    # -> Verdict: contradicted (the source gives 93.3%)
    audit(doc_id, idx)                                  # -> Audit of a news story against its study's sources
"""

from .audit import UnknownDocument, audit
from .compose import ask
from .grounding import is_grounded, ungrounded_numbers
from .verify import verify

__all__ = ["UnknownDocument", "ask", "audit", "is_grounded", "ungrounded_numbers", "verify"]
