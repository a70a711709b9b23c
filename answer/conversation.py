"""Follow-up questions: "and for the control group?", "what about overall survival?" are completed from
the previous question of the conversation, and answered inside the study it was about.

The completed question is written out ("Understood as: ...") so the reader sees how it was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.models import Answer

from .corpus_view import CorpusView
from .intent import timepoint_of
from .vocabulary import content_words, endpoint_key

# How a follow-up starts: it leans on the question before it.
_LEAD_RE = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+|^\s*and\s+(?:what\s+(?:was|were|is|are)\s+(?:it|they)\s+)?|"
                      r"^\s*(?:same|likewise)\s+(?:for|in|with)\s+|^\s*what\s+of\s+", re.I)
# "in the control group", "for the placebo arm", "with placebo", "among women": the group asked about
_GROUP_RE = re.compile(r"\b(?:in|for|with|on|among|under|receiving|given)\s+(?:the\s+|those\s+(?:on|given|receiving)\s+)?"
                       r"(?P<group>[\w/+-]+(?:\s+[\w/+-]+){0,3}?)(?:\s+(?:group|arm|cohort|patients|participants))?"
                       r"(?=\s*(?:\?|$|,|\band\b))", re.I)
# the same, inside a complete question: the phrase a follow-up's group replaces
_ARM_PHRASE_RE = re.compile(r"\s+\b(?:in|for|with|on|among|receiving)\s+(?:the\s+)?[\w/+-]+(?:\s+[\w/+-]+){0,3}?"
                            r"\s+(?:group|arm|cohort)\b|\s+\b(?:with|on|receiving)\s+[\w/+-]+(?=\s*(?:\?|$|\bvs\b|\bversus\b))",
                            re.I)


@dataclass
class FollowUp:
    question: str  # the completed question
    doc_ids: frozenset[str] | None  # the documents the previous answer was about


def _is_followup(question: str) -> bool:
    if _LEAD_RE.match(question):
        return True
    # "the control group?", "overall survival?": no verb, no question word, a few words
    return len(question.split()) <= 4 and not re.match(r"^\s*(what|how|which|who|where|when|why|did|does|do|is|are|was|were)\b",
                                                      question, re.I)


def understand(question: str, history: list[Answer], view: CorpusView) -> FollowUp | None:
    """The follow-up completed from the last answered question, or None when it stands on its own."""
    previous = next((a for a in reversed(history) if isinstance(a, Answer) and a.question), None)
    if previous is None or not _is_followup(question):
        return None
    prev_q = previous.question
    if previous.text.startswith("Understood as: \u201c"):
        prev_q = previous.text[len("Understood as: \u201c"):].split("\u201d", 1)[0]
    rest = _LEAD_RE.sub("", question).strip().rstrip("?").strip()
    if not rest:
        return None
    docs = frozenset(c.doc_id for c in previous.citations) or None
    group = _GROUP_RE.search(" " + rest)
    new_endpoint = endpoint_key(rest)
    if new_endpoint or (not group and content_words(rest) and not timepoint_of(rest)):
        # "what about overall survival?": the new endpoint in the old question's study and group
        arm = _ARM_PHRASE_RE.search(prev_q)
        completed = f"What was {rest}{arm.group() if arm and not group else ''}?"
    elif group:
        # "and for the control group?": the old question, asked of the new group
        phrase = " " + rest if re.match(r"(in|for|with|on|among|under|receiving|given)\b", rest, re.I) else f" in {rest}"
        base = prev_q.rstrip().rstrip("?")
        completed = (_ARM_PHRASE_RE.sub(phrase, base, count=1) if _ARM_PHRASE_RE.search(base) else base + phrase) + "?"
    else:
        # "and at 5 years?": the old question at the new timepoint
        base = prev_q.rstrip().rstrip("?")
        old_tp = re.search(r"\b(at|after)\s+\S+\s+(years?|months?|weeks?|days?)\b", base, re.I)
        completed = (base.replace(old_tp.group(), rest) if old_tp else f"{base} {rest}") + "?"
    return FollowUp(question=completed, doc_ids=docs)
