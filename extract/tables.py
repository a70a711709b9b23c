"""Figures from plain-text tables: whitespace-aligned columns as pandoc writes them from JATS
("simple" and "multiline" tables: a header, a rule of dash runs that gives the column extents, rows
of cells aligned to it). Tables without a rule are not read (the PDF reader joins a table's lines
into one paragraph, so there are no columns left to align).

Sentence rules read a table row as one long run-on sentence and attribute its numbers to the wrong
words, so a table is read here cell by cell instead: each numeric cell becomes one candidate whose
quote is the cell's own span, its endpoint the row label, its arm the column header. Pure: text in,
candidates out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .candidate import Candidate
from .endpoints import canonical_name
from extract.models import Measure

# A column rule: two or more dash runs ("-----  -------  -----").
_RULE = re.compile(r"^[ \t]*-{3,}(?:[ \t]+-{3,})+[ \t]*$")
# A full-width line of dashes opens and closes a pandoc multiline table.
_FULL_RULE = re.compile(r"^[ \t]*-{10,}[ \t]*$")
# A cell: words separated by single spaces; two or more spaces separate cells.
_CHUNK = re.compile(r"\S+(?: \S+)*")

# Markup blanked out (same length) before cells are parsed, so offsets stay offsets into the text:
# bold '**', super/subscripts '^*^' '~2~', footnote links '[a](#)', footnote marks after a figure.
_MARKUP = re.compile(r"\*+|\^[^\s^]{1,8}\^|(?:,?\[[^\]\s]{1,4}\]\(#\))+|(?<=[\d)%\]])[\u2020\u2021\u00a7#+\u00b6]+(?=\s|$)"
                     r"|(?<=[\d)%\]])[a-e](?=\s|$)")

_N = r"(?:(?:[-+]\s{0,3})?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)"
_SEP = r"\s*(?:,|;|to|-{1,2}|\u2013)\s*"
_FRAC_PCT = re.compile(rf"(?P<a>{_N})\s*/\s*(?P<b>{_N})\s*[(\[]\s*(?P<c>{_N})\s*%?\s*[)\]]")
_FRAC = re.compile(rf"(?P<a>{_N})\s*/\s*(?P<b>{_N})")
_PLUS_MINUS = re.compile(rf"(?P<a>{_N})\s*(?:\u00b1|\+/-|\+-)\s*(?P<b>{_N})(?:\s*[(\[]\s*(?P<lo>{_N}){_SEP}(?P<hi>{_N})\s*[)\]])?")
_PAIR = re.compile(rf"(?P<a>{_N})\s*%?\s*[(\[]\s*(?P<b>{_N})\s*(?P<pct>%?)\s*[)\]]")
_INTERVAL = re.compile(rf"(?P<a>{_N})\s*%?\s*[(\[]\s*(?P<lo>{_N}){_SEP}(?P<hi>{_N})\s*[)\]]")
_OPEN = re.compile(rf"(?P<a>{_N})\s*%?\s*[(\[]\s*{_N}\s*,?")  # "-9.93 (-12.96," : the CI goes on below
_SINGLE = re.compile(rf"(?P<qual>[<>\u2264\u2265]=?\s*)?(?P<a>{_N})\s*(?P<pct>%?)")

_SAMPLE = re.compile(r"(?<![A-Za-z])(?:\*{1,2}(?=[Nn]\*))?[Nn]\*{0,2}\s*=\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)\b")
_COUNT_PCT_LABEL = re.compile(r"\b(?:n|no\.?|number)\s*[(\[]\s*%\s*[)\]]|\bn\s*/\s*N\b|\bn\s*\(%\)", re.I)
_SD_LABEL = re.compile(r"\bs\.?d\.?\b|standard deviation", re.I)
_SE_LABEL = re.compile(r"\bs\.?e\.?m?\.?\b|standard error", re.I)
_CI_LABEL = re.compile(r"\bCI\b|confidence interval", re.I)
_IQR_LABEL = re.compile(r"\bIQR\b|interquartile|quartile", re.I)
_BACKGROUND = re.compile(r"baseline|characteristics|demographic", re.I)
_P_HEADER = re.compile(r"(?:^|\s)(?:p|p\s?-?\s?values?|p\s*\(.*\))$", re.I)
# 'change from baseline' is a result, not a baseline figure
_NOT_BACKGROUND = re.compile(r"(?:from|to|-|vs\.?|versus|over)\s*baseline|\bchanges?\b", re.I)
_SD_ONLY = re.compile(r"\(?\s*(?:\+/-|\u00b1)?\s*s\.?d\.?\s*\)?", re.I)
_STAT_WORD = re.compile(r"(?:^|\s)(?:mean|median|\u03c7|x\u0304|sd|n|%)$", re.I)
_TIME_HEADER = re.compile(r"(?:time|visit|weeks?|months?|days?|years?|hours?)(?:\s*\(\w+\))?", re.I)
_CLEAN_LABEL = re.compile(r"\*\*|\^[^^]{0,8}\^|~[^~]{0,8}~|[\u2020\u2021\u00a7\u00b6]|\[[^\]\s]{1,4}\]\(#\)")

# Words that say how a figure is given, not what it measures: dropped from the endpoint.
_MEASURE_WORDS = re.compile(
    r"^\s*(?:%|(?:mean|median|percent(?:age)?|no\.?|number|n)\b)\s*(?:(?:of|in|with)\s+)?|"
    r",?\s*[(\[]?\b(?:mean|median)?\s*(?:\(?\s*(?:sd|s\.d\.|se|sem|iqr|range|95%\s*ci)\s*\)?)[)\]]?\s*$|"
    r",?\s*[(\[]\s*(?:n|no\.?)?\s*[(\[]?%[)\]]?\s*[)\]]\s*$|,?\s*\bn\s*\(%\)\s*$|,\s*(?:mean|median|%|n)\s*$",
    re.I,
)


@dataclass
class Cell:
    start: int
    end: int
    col: int


@dataclass
class Row:
    start: int
    end: int
    cells: list[Cell]
    indent: int

    def cell(self, col: int) -> Optional[Cell]:
        return next((c for c in self.cells if c.col == col), None)


@dataclass
class Table:
    start: int
    end: int
    columns: list[tuple[int, int]]
    caption: str = ""
    header_rows: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    notes: str = ""


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end before the newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _columns(rule: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"-{3,}", rule)]


def _column_of(lo: int, hi: int, columns: list[tuple[int, int]]) -> int:
    """The column a chunk at line positions [lo, hi) belongs to: most overlap, else the nearest."""
    best, best_overlap = 0, 0
    for i, (s, e) in enumerate(columns):
        overlap = min(hi, e) - max(lo, s)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    if best_overlap > 0:
        return best
    return min(range(len(columns)), key=lambda i: min(abs(lo - columns[i][0]), abs(lo - columns[i][1])))


def _row(text: str, line: tuple[int, int], columns: list[tuple[int, int]]) -> Row:
    """A line split into cells; chunks landing in the same column are one cell."""
    s, e = line
    body = text[s:e]
    cells: list[Cell] = []
    for m in _CHUNK.finditer(body):
        col = _column_of(m.start(), m.end(), columns)
        if cells and cells[-1].col >= col:
            # two cells in one column: the row sits a few characters off the rule, so this cell
            # belongs to the next column; past the last column it continues the last cell
            if cells[-1].col + 1 >= len(columns):
                cells[-1].end = s + m.end()
                continue
            col = cells[-1].col + 1
        cells.append(Cell(s + m.start(), s + m.end(), col))
    indent = len(body) - len(body.lstrip(" "))
    return Row(s, e, cells, indent)


def _caption_before(text: str, start: int) -> str:
    """The '::: caption' block just before a table (within a few lines), as one line of text."""
    window = text[max(0, start - 1500):start]
    m = None
    for m in re.finditer(r":::\s*caption\s*\n(?P<c>.*?)\n\s*:::", window, re.S):
        pass
    if m is None or window[m.end():].strip(" \n-") != "" and window[m.end():].count("\n") > 6:
        return ""
    return " ".join(m.group("c").split())


def find_tables(text: str) -> list[Table]:
    """Tables of `text` laid out with a dashed column rule (pandoc simple and multiline tables)."""
    lines = _lines(text)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        if not _RULE.match(text[s:e]):
            i += 1
            continue
        table, i = _read_table(text, lines, i)
        if table is not None:
            tables.append(table)
    return tables


def _read_table(text: str, lines: list[tuple[int, int]], rule_at: int) -> tuple[Optional[Table], int]:
    """The table around the column rule at line `rule_at`, and the line index after it."""
    rs, re_ = lines[rule_at]
    columns = _columns(text[rs:re_])
    # header lines: the non-blank lines right above the rule, up to a blank line or a full rule
    h = rule_at
    while h > 0 and text[lines[h - 1][0]:lines[h - 1][1]].strip() and not _FULL_RULE.match(text[lines[h - 1][0]:lines[h - 1][1]]) \
            and rule_at - h < 4:
        h -= 1
    multiline = h > 0 and bool(_FULL_RULE.match(text[lines[h - 1][0]:lines[h - 1][1]]))
    header = [_row(text, lines[k], columns) for k in range(h, rule_at)]
    rows: list[Row] = []
    k = rule_at + 1
    while k < len(lines) and not rows and not text[lines[k][0]:lines[k][1]].strip():
        k += 1  # blank lines between the rule and the first row
    while k < len(lines):
        s, e = lines[k]
        line = text[s:e]
        cut = line.find("::::")
        if cut >= 0:  # pandoc glued the next paragraph to the last row: the table ends here
            if line[:cut].strip():
                rows.append(_row(text, (s, s + cut), columns))
            k += 1
            break
        if _FULL_RULE.match(line) or (_RULE.match(line) and k > rule_at + 1):
            k += 1  # the closing rule belongs to the table
            break
        if not line.strip() and len(line) >= 0.5 * (columns[-1][1] - columns[0][0]):
            k += 1  # an empty row written as spaces across the table
            continue
        if not line.strip():
            # a multiline table separates its rows by blank lines; anything else ends at one
            nxt = text[lines[k + 1][0]:lines[k + 1][1]] if k + 1 < len(lines) else ""
            if multiline and nxt.strip():
                k += 1
                continue
            break
        rows.append(_row(text, lines[k], columns))
        k += 1
    if not rows or len(columns) < 2:
        return None, k
    start = lines[h][0] if header else rs
    end = rows[-1].end
    table = Table(start, end, columns, _caption_before(text, start), header, rows)
    table.notes = " ".join(text[end:end + 400].split("\n\n", 2)[:2])
    return table, k


# ---- reading cells -------------------------------------------------------------------------


def _masked(text: str, start: int, end: int) -> str:
    """The cell's text with markup blanked to spaces (same length)."""
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), text[start:end])


def clean(s: str) -> str:
    """Text of a label or header without pandoc markup and footnote marks."""
    s = _CLEAN_LABEL.sub(" ", s)
    return " ".join(s.replace("*", "").split()).strip(" ,;")


def _num(s: Optional[str]) -> Optional[float]:
    if s is None:
        return None
    try:
        return float(re.sub(r"[,+\s]", "", s))
    except ValueError:
        return None


def _is_int(s: str) -> bool:
    return re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", s.strip()) is not None


@dataclass
class Context:
    """What the row, the column and the table say about how a cell's figures are given."""

    label: str
    arm: str
    column_n: Optional[int]
    kind: str
    hints: str  # label + header + caption + notes, searched for 'SD', 'n (%)', 'CI' ...


_SHAPES = [_FRAC_PCT, _PLUS_MINUS, _INTERVAL, _PAIR, _FRAC, _SINGLE, _OPEN]


def is_data(text: str, cell: Cell) -> bool:
    """True when the cell holds figures (not words, a 'N = 357' header, '1 kg' or 'NS')."""
    t = _masked(text, cell.start, cell.end).strip()
    if _SAMPLE.search(t):
        return False
    return any(p.fullmatch(t) for p in _SHAPES) or len(_PLUS_MINUS.findall(t)) > 1


def parse_cell(text: str, cell: Cell, ctx: Context) -> list[Candidate]:
    """The candidates of a numeric cell (one, or one per 'mean ± SD' when it holds several),
    read by the cell's shape and the context's hints."""
    masked = _masked(text, cell.start, cell.end)
    lead = len(masked) - len(masked.lstrip())
    body = masked.strip()
    base = cell.start + lead
    found = _parse_whole(body, base, cell.start, cell.end, ctx)
    if found is not None:
        return [found]
    # '20±9.36 (28.28±4.75)': each figure on its own span
    out = []
    for m in _PLUS_MINUS.finditer(body):
        c = _parse_whole(m.group(0), base + m.start(), base + m.start(), base + m.end(), ctx)
        if c is not None:
            out.append(c)
    return out


def _parse_whole(body: str, base: int, start: int, end: int, ctx: Context) -> Optional[Candidate]:
    """A candidate when `body` (at offset `base`; the quote is [start, end)) is one figure."""

    def cand(m: re.Match, **fields) -> Candidate:
        c = Candidate(start=start, end=end, kind=ctx.kind, value_start=base + m.start("a"),
                      value_end=base + m.end("a"), value=_num(m.group("a")), arm=ctx.arm,
                      endpoint=_endpoint(ctx.label), endpoint_text=ctx.label, sentence=(start, end))
        for k, v in fields.items():
            setattr(c, k, v)
        if c.measure == Measure.NONE and ctx.kind != "count":
            c.measure = _measure(ctx.label)
        return c

    for pattern, reader in ((_FRAC_PCT, _read_frac_pct), (_PLUS_MINUS, _read_plus_minus), (_INTERVAL, _read_interval),
                            (_PAIR, _read_pair), (_FRAC, _read_frac), (_SINGLE, _read_single)):
        m = pattern.fullmatch(body)
        if m:
            return reader(m, ctx, cand)
    m = _OPEN.fullmatch(body)
    if m:  # the rest of the cell is on the next line, beyond this span: keep the value alone
        return cand(m)
    return None


def _count_kind(ctx: Context) -> str:
    return "background" if ctx.kind == "background" else "count"


def _read_frac_pct(m, ctx, cand):
    return cand(m, kind=_count_kind(ctx), measure="proportion", unit="%", value=_num(m.group("c")),
                n=int(_num(m.group("a")) or 0), denominator=int(_num(m.group("b")) or 0))


def _read_frac(m, ctx, cand):
    if not (_is_int(m.group("a")) and _is_int(m.group("b"))):
        return None
    return cand(m, kind=_count_kind(ctx), measure="count", n=int(_num(m.group("a"))), denominator=int(_num(m.group("b"))))


def _read_plus_minus(m, ctx, cand):
    fields = {"measure": _measure(ctx.label) or "mean"}
    if not _SE_LABEL.search(ctx.hints) or _SD_LABEL.search(ctx.hints):
        fields["sd"] = _num(m.group("b"))  # 'mean ± SE' tables give no SD; '±' alone is an SD
    if m.group("lo") is not None:
        fields.update(range_low=_num(m.group("lo")), range_high=_num(m.group("hi")), range_kind="range")
    return cand(m, **fields)


def _read_interval(m, ctx, cand):
    lo, hi = _num(m.group("lo")), _num(m.group("hi"))
    if _CI_LABEL.search(ctx.hints):
        level = re.search(r"(\d{2}(?:\.\d)?)\s*%\s*(?:CI|confidence)", ctx.hints, re.I)
        return cand(m, ci_low=lo, ci_high=hi, ci_level=_num(level.group(1)) if level else 95.0)
    kind = "IQR" if _IQR_LABEL.search(ctx.hints) else "range"
    return cand(m, range_low=lo, range_high=hi, range_kind=kind)


def _read_pair(m, ctx, cand):
    """'52 (12)': a mean and SD, a count and its percentage, or a figure and an SE."""
    a, b = m.group("a"), m.group("b")
    if _is_count_pct(m, ctx):
        return cand(m, kind=_count_kind(ctx), measure="proportion", unit="%", value=_num(b), n=int(_num(a)))
    if _SD_LABEL.search(ctx.label) or (_SD_LABEL.search(ctx.hints) and not _SE_LABEL.search(ctx.label)):
        return cand(m, measure=_measure(ctx.label) or "mean", sd=_num(b))
    return cand(m)


def _is_count_pct(m: re.Match, ctx: Context) -> bool:
    a, b = m.group("a"), m.group("b")
    if not _is_int(a):
        return False
    if m.group("pct") or _COUNT_PCT_LABEL.search(ctx.label):
        return True
    if _SD_LABEL.search(ctx.label) or re.search(r"\bmean\b|\bmedian\b", ctx.label, re.I):
        return False
    # no word for it: a percentage that matches the count over the column's size is one
    b_val, a_val = _num(b), _num(a)
    if ctx.column_n and b_val is not None and a_val is not None and 0 <= b_val <= 100:
        return abs(100 * a_val / ctx.column_n - b_val) <= 1.0
    return bool(_COUNT_PCT_LABEL.search(ctx.hints)) and not _SD_LABEL.search(ctx.hints)


def _read_single(m, ctx, cand):
    fields: dict = {}
    if m.group("qual"):
        fields["qualifier"] = m.group("qual").strip()
    if m.group("pct") or _measure(ctx.label) == "proportion":
        fields.update(measure="proportion", unit="%")
    elif _is_int(m.group("a")) and (re.match(r"\s*(?:n|no\.?|number)\b", ctx.label, re.I) or _people(m, ctx)):
        fields.update(kind=_count_kind(ctx), measure="count", n=int(_num(m.group("a"))))
    return cand(m, **fields)


_UNIT_IN_LABEL = re.compile(r"\b(?:years?|months?|weeks?|days?|hours?|h|min|kg|mg|g|cm|mm|ml|l|mmhg|kg/m2|score|mean|median|scale)\b", re.I)


def _people(m: re.Match, ctx: Context) -> bool:
    """A whole number no larger than its column's size, on a row that names no unit or statistic
    ('Skin  4  4' under 'CoPAT (n = 8)'): a count of patients."""
    value = _num(m.group("a"))
    return bool(ctx.column_n and value is not None and value <= ctx.column_n and not _measure(ctx.label)
                and not _UNIT_IN_LABEL.search(ctx.label))


def _measure(label: str) -> str:
    low = label.lower()
    if re.search(r"\bmedian\b", low):
        return "median"
    if re.search(r"\bmean\b", low):
        return "mean"
    if re.search(r"(?:^|[\s,(])%(?:$|[\s),])", low) or "percent" in low:
        return "proportion"
    return ""


def _endpoint(label: str) -> str:
    """The canonical endpoint, else the label in lower case without 'Mean', '(SD)', '%' ..."""
    name = label
    for _ in range(3):
        name = _MEASURE_WORDS.sub("", name).strip(" ,:;")
    return canonical_name(name) or name.lower()


# ---- tables to candidates ------------------------------------------------------------------


def _header_grid(text: str, table: Table, header_rows: list[Row]) -> list[list[str]]:
    """Per header row, per column, the header words without 'N = 357'."""
    grid = []
    for row in header_rows:
        line = [""] * len(table.columns)
        for c in row.cells:
            if c.col < len(line):
                line[c.col] = _header_words(text[c.start:c.end])
        grid.append(line)
    return grid


def _joined(grid: list[list[str]], n_columns: int) -> list[str]:
    return [" ".join(line[i] for line in grid if line[i]) for i in range(n_columns)]


def _sd_columns(grid: list[list[str]], data_cols: list[int]) -> set[int]:
    """Figure columns headed only 'SD' right after another figure column: the SDs of its means."""
    out = set()
    for col in data_cols:
        below = [line[col] for line in grid if line[col]]
        if below and _SD_ONLY.fullmatch(below[-1]) and col - 1 in data_cols and col - 1 not in out:
            out.add(col)
    return out


def _spread_groups(grid: list[list[str]], data_cols: list[int]) -> tuple[list[list[str]], dict[tuple[int, int], int]]:
    """Pandoc drops column spans and packs a spanning header row to the left: 'Baseline' and
    'After 12 weeks' over four figure columns sit over the first two. When a header row names k
    columns, a lower one names more, and k divides the m figure columns, each name goes back over
    its m/k columns. Also returns (header row, column) -> the first column of its span."""
    out, moves = [], {}
    counts = [sum(1 for i, w in enumerate(line) if i > 0 and w) for line in grid]
    m = len(data_cols)
    for r, line in enumerate(grid):
        named = [i for i, w in enumerate(line) if i > 0 and w]
        k = len(named)
        lower = max(counts[r + 1:], default=0)
        if 1 < k < m and m % k == 0 and lower > k:  # one name alone may head just its own column
            span = m // k
            moved = [line[0]] + [""] * (len(line) - 1)
            for g, src in enumerate(named):
                for dst in data_cols[g * span:(g + 1) * span]:
                    moved[dst] = line[src]
                moves[(r, src)] = data_cols[g * span]
            line = moved
        out.append(line)
    return out, moves


def _data_columns(text: str, rows: list[Row]) -> list[int]:
    """Columns that hold figures in a good share of the rows (a ragged row or two does not count)."""
    counts: dict[int, int] = {}
    for row in rows:
        for c in row.cells:
            if c.col > 0 and is_data(text, c):
                counts[c.col] = counts.get(c.col, 0) + 1
    most = max(counts.values(), default=0)
    return sorted(col for col, k in counts.items() if k >= 2 and k >= 0.3 * most)


def _aligned(headers: list[str], data_cols: list[int]) -> list[str]:
    """Headers moved onto the columns that hold the figures when pandoc, dropping a spanning empty
    header cell, set them one column too far left ('Group I' over the 'Male/Female' column)."""
    named = [i for i, h in enumerate(headers) if i > 0 and h]
    if len(named) != len(data_cols) or named == data_cols or not data_cols:
        return headers
    out = [headers[0]] + [""] * (len(headers) - 1)
    for src, dst in zip(named, data_cols):
        out[dst] = headers[src]
    return out


def _header_words(cell: str) -> str:
    """A header cell's words without markup and without its size: 'Placebo (N = 357)' -> 'Placebo'."""
    return _balanced(re.sub(r"\(\s*\)|\[\s*\]", "", clean(_SAMPLE.sub(" ", cell))))


def _balanced(words: str) -> str:
    """'(N = 357)' without its size leaves '(' and ')': drop brackets that pair with nothing."""
    words = words.strip(" ,;")
    while words[:1] in "([" and words and words.count("(") + words.count("[") > words.count(")") + words.count("]"):
        words = words[1:].strip(" ,;")
    while words[-1:] in ")]" and words and words.count(")") + words.count("]") > words.count("(") + words.count("["):
        words = words[:-1].strip(" ,;")
    return words


def _is_header_row(text: str, row: Row) -> bool:
    """A row right after the rule that holds no figure: sizes '(N = 357)' or more header words."""
    return not any(is_data(text, c) for c in row.cells if c.col > 0)


def _shift_header(row: Row, n_columns: int) -> Row:
    """Pandoc puts the first row of a two-row header of a multiline table one column too far left."""
    if row.cells and row.cells[0].col == 0 and len(row.cells) == n_columns - 1:
        return Row(row.start, row.end, [Cell(c.start, c.end, i + 1) for i, c in enumerate(row.cells)], row.indent)
    return row


def table_candidates(text: str, table: Table) -> list[Candidate]:
    """Candidates for the sizes in a table's header and for each numeric cell of its rows."""
    rows = list(table.rows)
    header_rows = list(table.header_rows)
    while rows and _is_header_row(text, rows[0]) and not (rows[0].cell(0) and len(rows[0].cells) == 1):
        header_rows.append(_shift_header(rows.pop(0), len(table.columns)))
    data_cols = _data_columns(text, rows)
    grid = _header_grid(text, table, header_rows)
    grid, moves = _spread_groups(grid, data_cols)
    sd_cols = _sd_columns(grid, data_cols)
    headers = _aligned(_joined(grid, len(table.columns)), data_cols)
    if sd_cols:  # the arm of a mean is its group, not the word 'Mean'
        headers = [_STAT_WORD.sub("", h).strip() for h in headers]
    first = headers[0] if headers else ""
    described = table.caption + " " + " ".join(headers)
    kind = "background" if _BACKGROUND.search(described) and not _NOT_BACKGROUND.search(described) else "estimate"
    sizes: dict[int, int] = {}
    out: list[Candidate] = []
    for r, row in enumerate(header_rows):
        moved = Row(row.start, row.end, [Cell(c.start, c.end, moves.get((r, c.col), c.col)) for c in row.cells], row.indent)
        out += _sample_sizes(text, moved, headers, sizes)
    p_cols = {i for i, h in enumerate(headers) if i > 0 and _P_HEADER.search(h.strip())}
    hints_table = " ".join([table.caption, table.notes] + headers)
    labels = _Labels(first, table.columns[0][0])
    for row in rows:
        data = [c for c in row.cells if c.col > 0 and is_data(text, c)]
        if not data:
            labels.heading(text, row)
            out += _sample_sizes(text, row, headers, sizes)  # 'n = 16' rows inside a table
            continue
        full, timepoint = labels.of(text, row, data[0].col)
        if not full:
            continue
        if len(data) == len(data_cols) and [c.col for c in data] != data_cols:
            # a ragged row (its label spanned two columns): one figure per figure column, in order
            data = [Cell(c.start, c.end, col) for c, col in zip(data, data_cols)]
        by_col = {c.col: c for c in data}
        for c in data:
            if c.col in sd_cols:
                continue  # read with the mean beside it
            sd_cell = by_col.get(c.col + 1) if c.col + 1 in sd_cols else None
            if sd_cell is not None:
                out += _mean_and_sd(text, c, sd_cell, full, headers[c.col], kind)
                continue
            if c.col in p_cols:
                out += _p_value(text, c, full)
                continue
            ctx = Context(full, headers[c.col] if c.col < len(headers) else "", sizes.get(c.col), kind,
                          " ".join([full, headers[c.col] if c.col < len(headers) else "", hints_table]))
            for cand in parse_cell(text, c, ctx):
                if timepoint:
                    cand.timepoint = timepoint
                    cand.endpoint, cand.endpoint_text = (_endpoint(labels.section), labels.section) if labels.section else ("", "")
                cand.fixed = {"endpoint", "arm", "timepoint", "comparator"}
                out.append(cand)
    return out


class _Labels:
    """Row labels as a reader builds them going down a table: section headings ('% taking
    medications:'), groups whose sub-items sit in the next column ('Sex' / 'Male', 'Female'),
    and rows without a label that continue the row above."""

    def __init__(self, first_header: str, label_start: int) -> None:
        self.first = first_header
        self.label_start = label_start
        self.section = ""
        self.group = ""
        self.label_col: Optional[int] = None
        self.previous = ""

    def heading(self, text: str, row: Row) -> None:
        """A row without figures: a heading when it is one cell or ends with ':'."""
        words = [clean(text[c.start:c.end]) for c in row.cells]
        if words and (words[0].endswith(":") or len(words) == 1):
            self.section = words[0].rstrip(":").strip()

    def of(self, text: str, row: Row, first_data_col: int) -> tuple[str, str]:
        """(label, timepoint) of a row whose first figure is in `first_data_col`."""
        # the first column is the label even when it is a number (a week, a dose)
        words = [c for c in row.cells if c.col < first_data_col]
        names = [clean(text[c.start:c.end]) for c in words]
        names = [n for n in names if n]
        timepoint = ""
        if names and re.fullmatch(r"[\d.,\s-]+", names[0]) and self.first:
            if _TIME_HEADER.fullmatch(self.first):
                timepoint = f"{self.first} {names[0]}".lower()  # 'weeks 12'
            names[0] = f"{self.first} {names[0]}"
        if not names:
            return self.previous, timepoint  # the second line of a row: same item
        if self.label_col is None:
            self.label_col = words[0].col
        if words[0].col > self.label_col and self.group:
            names = [self.group] + names  # 'Female' under 'Sex'
        else:
            self.group = names[0]
        label = ": ".join(names)
        nested = row.indent > self.label_start or names[0].startswith(self.first + " ")
        if self.section and nested:
            label = f"{self.section}: {label}"
        self.previous = label
        return label, timepoint


def _mean_and_sd(text: str, mean: Cell, sd: Cell, label: str, arm: str, kind: str) -> list[Candidate]:
    """A mean and its SD in two columns: one claim whose quote runs from the mean to the SD."""
    m = _masked(text, mean.start, mean.end)
    d = _masked(text, sd.start, sd.end)
    mv, dv = _SINGLE.fullmatch(m.strip()), _SINGLE.fullmatch(d.strip())
    if not (mv and dv) or mv.group("qual") or dv.group("qual"):
        return []
    lead = mean.start + len(m) - len(m.lstrip())
    return [Candidate(start=mean.start, end=sd.end, kind=kind, value_start=lead + mv.start("a"), value_end=lead + mv.end("a"),
                      value=_num(mv.group("a")), measure=_measure(label) or "mean", sd=_num(dv.group("a")), arm=arm,
                      endpoint=_endpoint(label), endpoint_text=label, sentence=(mean.start, sd.end),
                      fixed={"endpoint", "arm", "timepoint", "comparator"})]


def _sample_sizes(text: str, row: Row, headers: list[str], sizes: dict[int, int]) -> list[Candidate]:
    out = []
    for c in row.cells:
        for m in _SAMPLE.finditer(text, c.start, c.end):
            n = int(m.group("n").replace(",", ""))
            sizes.setdefault(c.col, n)
            arm = headers[c.col] if c.col < len(headers) and c.col > 0 else _header_words(text[c.start:c.end])
            out.append(Candidate(start=m.start(), end=m.end(), kind="sample_size", value_start=m.start("n"),
                                 value_end=m.end("n"), value=float(n), measure="count", n=n, arm=arm,
                                 sentence=(c.start, c.end), fixed={"arm"}))
    return out


def _p_value(text: str, cell: Cell, label: str) -> list[Candidate]:
    body = _masked(text, cell.start, cell.end).strip()
    m = re.fullmatch(r"(?P<q>[<>\u2264\u2265]=?)?\s*(?P<a>\d*\.\d+|[01])", body)
    if not m:
        return []
    lead = cell.start + len(_masked(text, cell.start, cell.end)) - len(_masked(text, cell.start, cell.end).lstrip())
    return [Candidate(start=cell.start, end=cell.end, kind="p_value", value_start=lead + m.start("a"), value_end=lead + m.end("a"),
                      value=_num(m.group("a")), measure="p-value", p_value=" ".join(body.split()),
                      endpoint=_endpoint(label), endpoint_text=label, sentence=(cell.start, cell.end), fixed={"endpoint"})]


def find_table_candidates(text: str) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """(candidates from every table of `text`, the (start, end) span of each table)."""
    out: list[Candidate] = []
    spans: list[tuple[int, int]] = []
    for table in find_tables(text):
        out += table_candidates(text, table)
        spans.append((table.start, table.end))
    return out, spans
