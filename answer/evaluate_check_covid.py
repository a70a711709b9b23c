"""`python -m answer.evaluate_check_covid` runs `python -m evaluation.check_covid`: evaluation lives in evaluation/, outside the product."""

import sys

from evaluation.check_covid import *  # noqa: F403 (the names other scripts import from here)
from evaluation.check_covid import main

if __name__ == "__main__":
    sys.exit(main())
