"""Taken: the overlap index that keeps a figure from being extracted twice (bisect-based for speed)."""

import random

from extract.candidate import Taken


def test_overlaps_agrees_with_a_plain_scan_on_random_spans():
    rng = random.Random(7)
    for _ in range(500):
        taken, spans = Taken(), []
        for _ in range(rng.randint(0, 12)):
            s = rng.randint(0, 60)
            e = s + rng.randint(0, 15)
            taken.add(s, e)
            spans.append((s, e))
        for _ in range(20):
            s = rng.randint(0, 70)
            e = s + rng.randint(0, 10)
            assert taken.overlaps(s, e) == any(a < e and s < b for a, b in spans), (spans, s, e)


def test_touching_spans_do_not_overlap():
    taken = Taken()
    taken.add(10, 20)
    assert not taken.overlaps(20, 25) and not taken.overlaps(5, 10)
    assert taken.overlaps(19, 21)
