"""`python -m answer.evaluate_verify` runs `python -m evaluation.verify_perturb`: evaluation lives in evaluation/."""

import sys

from evaluation.verify_perturb import main

if __name__ == "__main__":
    sys.exit(main())
