"""`python -m extract.evaluate` runs `python -m evaluation.extraction`: evaluation lives in evaluation/, outside the product."""

import sys

from evaluation.extraction import *  # noqa: F403 (the names other scripts import from here)
from evaluation.extraction import main

if __name__ == "__main__":
    sys.exit(main())
