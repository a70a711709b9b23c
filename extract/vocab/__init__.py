"""The product's vocabulary: one data table per concept, read by extract/, index/ and answer/ alike.

In the style of spaCy's `spacy/lang/en/*.py`: these modules hold words and small patterns only, no
logic beyond building a regex from a table. A fix to the vocabulary (a synonym, an abbreviation, a
unit) is one edit here and reaches extraction, question reading, ranking and verification together.
Nothing here names one study: a word belongs in a table only if it holds for trials in general.

    endpoints.py     endpoint names, their long forms, abbreviations and everyday synonyms
    abbreviations.py clinical abbreviations outside the endpoint table (CI, HR, ALL, PCR ...)
    measures.py      summary measures (hazard ratio, odds ratio, median ...) and how text names them
    numbers.py       number words, fraction words
    time.py          time units and their one conversion to months
    doses.py         dose and schedule units
    grades.py        adverse-event grades and severity words
    treatments.py    drug-name endings, drugs without a telling ending, words that look like drugs
    arms.py          words that name a control or comparison arm
    populations.py   words for the people studied, and the patient groups a question can ask about
    qualifiers.py    endpoint qualifiers that exclude each other (systolic / diastolic ...)
"""
