"""`python -m index.evaluate_scifact` runs `python -m evaluation.scifact`: evaluation lives in evaluation/, outside the product."""

import sys

from evaluation.scifact import *  # noqa: F403 (the names other scripts import from here)
from evaluation.scifact import main

if __name__ == "__main__":
    sys.exit(main())
