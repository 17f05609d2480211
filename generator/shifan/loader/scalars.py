"""Scalar conversions for the binder: YAML tags to Python values, with problems not exceptions.

Shared state of one file's binding (`Ctx`), the failure sentinel, and one converter per
scalar type of the model (text, whole number, number, yes/no, date, choice). Conventions:
a text field takes an unquoted number or date verbatim, never a YAML 1.1 boolean or null;
a date is `YYYY-MM-DD` (quoted or not) without a time of day; numbers must be finite.

Roster text is untrusted, so values are also held to what a clerk can see and the program
can compute with:

| code | what |
|------|------|
| S108 | an invisible or control character in a text value or key (written as an escape in |
|      | a double-quoted string, e.g. `"\\u200b"`); a line break or tab outside multi-line |
|      | fields (`MULTILINE_FIELDS`) |
| S205 | a number not written in plain decimal: YAML 1.1 reads `1:30` as 90 (base 60), |
|      | `012` as 10 (octal), `0x1F`, `1_000` |
| S206 | a number too large to be a roster figure (`MAX_MAGNITUDE`) |
| S407 | a date, or a `year`, outside `FIRST_DATE` … `LAST_DATE` (which also keeps every |
|      | date shift downstream — bars, review dates, working days — clear of `date.max`) |
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from shifan.errors import Problem
from shifan.loader.yamlsafe import invisible
from shifan.model import ENTERPRISE_CLASS_LABELS, KIND_LABELS, LEVEL_LABELS, Loc

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
TEXT_TAGS = frozenset({STR, INT, FLOAT, TIMESTAMP})
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)")

MAX_MAGNITUDE = 10**15
"""Numbers at or above this (in absolute value) are refused: no roster figure is that big."""
FIRST_DATE = dt.date(1990, 1, 1)
LAST_DATE = dt.date(2099, 12, 31)
"""The window of plausible dates: the policy is of 2016; nothing of it predates 1990, and a
date after 2099 is a typo (`9999-12-31`). Years (`year:` fields) use the same window."""
MULTILINE_FIELDS = frozenset({"achievements", "citation", "note", "summary", "resolution"})
"""Text fields that may span lines (newline and tab allowed); every other field is one line."""
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Cn", "Co", "Zl", "Zp"})
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters that print as nothing (Hangul fillers, the blank Braille pattern)."""
_ANY_BLANK = re.compile(f"[{''.join(sorted(BLANK_LETTERS))}]")  # all of them outside ASCII
_KIND_NAMES: dict[type[yaml.Node], str] = {
    yaml.MappingNode: "a mapping (`key: value` lines)",
    yaml.SequenceNode: "a list (`- item` lines)",
}


class FieldLocs(Mapping[str, Loc]):
    """A record's `field_locs`: 0-based (line, column) pairs, made into `Loc`s on access.

    Building a `Loc` per value up front was a third of the binding time on large rosters,
    and almost none of them is ever looked at.
    """

    __slots__ = ("_marks", "_path")

    def __init__(self, path: str, marks: dict[str, tuple[int, int]]) -> None:
        self._path = path
        self._marks = marks

    def __getitem__(self, key: str) -> Loc:
        line, col = self._marks[key]
        return Loc(self._path, line + 1, col + 1)

    def __iter__(self) -> Iterator[str]:
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)

    def __repr__(self) -> str:
        return f"FieldLocs({self._path!r}, {len(self._marks)} fields)"


class Fail:
    """Sentinel: conversion failed (its problems are already recorded)."""


FAIL = Fail()
_constructor = SafeConstructor()


class Ctx:
    """Per-file binding state: the path for locations, problems found, current loc table."""

    __slots__ = ("field", "locs", "path", "problems")

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.locs: dict[str, tuple[int, int]] | None = None
        self.field = ""

    def loc(self, node: yaml.Node) -> Loc:
        mark = node.start_mark
        return Loc(self.path, mark.line + 1, mark.column + 1)

    def add(
        self, code: str, node: yaml.Node, message: str, hint: str, *, zh: tuple[str, str]
    ) -> Fail:
        """Record a problem at `node`; `zh` is its Chinese `(message, hint)`."""
        self.problems.append(
            Problem(code, self.loc(node), message, hint, message_zh=zh[0], hint_zh=zh[1])
        )
        return FAIL


Converter = Callable[[yaml.Node, Ctx], Any]


_DESCRIPTIONS = {  # (English, Chinese) by what YAML made of the value; {t} is its text
    NULL: ("nothing (an empty value)", "空值"),
    BOOL: ("the yes/no value `{t}`", "布尔值（yes/no）`{t}`"),
    INT: ("the number `{t}`", "数字 `{t}`"),
    FLOAT: ("the number `{t}`", "数字 `{t}`"),
    TIMESTAMP: ("the date `{t}`", "日期 `{t}`"),
    STR: ("the text {r}", "文字“{t}”"),
}
_KIND_NAMES_ZH: dict[type[yaml.Node], str] = {
    yaml.MappingNode: "映射（`键: 值` 行）",
    yaml.SequenceNode: "列表（`- 项` 行）",
}


def describe(node: yaml.Node, lang: str = "en") -> str:
    """What the value is, for a message (`the number `12``); `lang` "en" or "zh"."""
    zh = lang == "zh"
    if isinstance(node, yaml.ScalarNode):
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        pattern = _DESCRIPTIONS.get(node.tag, _DESCRIPTIONS[STR])[zh]
        return pattern.format(t=text, r=repr(text))
    if zh:
        return _KIND_NAMES_ZH.get(type(node), "其他内容")
    return _KIND_NAMES.get(type(node), "something else")


_EXPECTED_ZH = (
    (re.compile(r"a mapping of (\w+) fields \(`key: value` lines\)"), r"\1 的字段（`键: 值` 行）"),
    (re.compile(r"a list \(`- item` lines\)"), "列表（每项一行 `- …`）"),
    (re.compile(r"a mapping \(`key: value` lines\)"), "映射（`键: 值` 行）"),
    (re.compile(r"an? (\w+) mapping"), r"\1 映射"),
    (re.compile(r"a (?:field )?name as key"), "名称作键"),
    (re.compile(r"a whole number"), "整数"),
    (re.compile(r"a finite number|a number"), "数字"),
    (re.compile(r"true or false"), "true 或 false"),
    (re.compile(r"\btext\b"), "文字"),
    (re.compile(r"one of: "), "以下之一："),
    (re.compile(r" or "), " 或 "),
)


def expected_zh(expected: str) -> str:
    """The binder's description of an expected value (`a whole number`, …) in Chinese."""
    for pattern, replacement in _EXPECTED_ZH:
        expected = pattern.sub(replacement, expected)
    return expected


def wrong(ctx: Ctx, node: yaml.Node, expected: str) -> Fail:
    if isinstance(node, yaml.ScalarNode) and node.tag == BOOL and "text" in expected:
        hint = f"YAML reads unquoted `{node.value}` as yes/no: write it in quotes, '{node.value}'"
        hint_zh = f"YAML 把不加引号的 `{node.value}` 当作是/否：加上引号，写成 '{node.value}'"
    elif expected.startswith("a list"):
        hint = "write one `- item` line per entry, indented under the key"
        hint_zh = "每项写一行 `- …`，缩进在键的下面"
    elif expected.startswith("a mapping"):
        hint = "write `key: value` lines, indented under the key"
        hint_zh = "写成 `键: 值` 行，缩进在键的下面"
    elif "number" in expected:
        hint = "write digits only, e.g. 12000 or 62.5 (no units, no thousands separators)"
        hint_zh = "只写数字，例如 12000 或 62.5（不写单位，不加千位分隔符）"
    elif expected == "true or false":
        hint = "write true or false"
        hint_zh = "写 true 或 false"
    else:
        hint = f"write {expected} here"
        hint_zh = f"这里写{expected_zh(expected)}"
    return ctx.add(
        "S203",
        node,
        f"expected {expected}, found {describe(node)}",
        hint,
        zh=(f"这里应写{expected_zh(expected)}，实际是{describe(node, 'zh')}", hint_zh),
    )


# ---------------------------------------------------------------------------- scalars


def visible(text: str) -> bool:
    """Whether every character of `text` shows (the common case, tested first)."""
    return text.isprintable() and (text.isascii() or _ANY_BLANK.search(text) is None)


def hidden_character(text: str, multiline: bool = False) -> str | None:
    """The first invisible or control character of `text`, or None.

    Newline and tab count only outside multi-line fields; visible spaces (U+3000) are fine.
    """
    if visible(text):
        return None
    for ch in text:
        if ch in "\n\t" and multiline:
            continue
        if ch in BLANK_LETTERS or (not ch.isprintable() and unicodedata.category(ch) in _HIDDEN):
            return ch
    return None


def check_text(text: str, node: yaml.Node, ctx: Ctx, what: str) -> bool:
    """False (and an S108 problem) when `text` holds an invisible or control character."""
    ch = hidden_character(text, ctx.field in MULTILINE_FIELDS and what == "value")
    if ch is None:
        return True
    where = f"in the {what} of `{ctx.field}`" if ctx.field else f"in a {what}"
    what_zh = "值" if what == "value" else "键"
    where_zh = f"`{ctx.field}` 的{what_zh}中" if ctx.field else f"{what_zh}中"
    ctx.problems.append(invisible(ctx.loc(node), ch, where, where_zh))
    return False


def to_str(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag in TEXT_TAGS:
        value: str = node.value
        return value if check_text(value, node, ctx, "value") else FAIL
    return wrong(ctx, node, "text")


def _not_plain(ctx: Ctx, node: yaml.Node) -> Fail:
    return ctx.add(
        "S205",
        node,
        f"the number `{node.value}` is not written in plain decimal",
        "YAML 1.1 reads `1:30` as 90 (base 60), `012` as 10 (octal), `0x..` as hex and drops "
        "`_`: write plain decimal digits, e.g. 90 or 12, or quote the value if it is text",
        zh=(
            f"数字 `{node.value}` 不是普通的十进制写法",
            "YAML 1.1 会把 `1:30` 读成 90（六十进制）、`012` 读成 10（八进制）、`0x..` 读成"
            "十六进制，并忽略 `_`：写普通的十进制数字，例如 90 或 12；如果是文字，加引号",
        ),
    )


def _too_large(ctx: Ctx, node: yaml.Node) -> Fail:
    shown = (
        node.value
        if len(node.value) <= 24
        else f"{node.value[:20]}… ({len(node.value)} characters)"
    )
    return ctx.add(
        "S206",
        node,
        f"the number `{shown}` is out of range",
        f"roster numbers are below {MAX_MAGNITUDE:,} in size: check for extra digits",
        zh=(
            f"数字 `{shown}` 超出范围",
            f"名册中的数字绝对值小于 {MAX_MAGNITUDE:,}：检查是否多打了数字",
        ),
    )


def to_int(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag == INT:
        text = node.value
        if not _PLAIN_INT.fullmatch(text):
            return _not_plain(ctx, node)
        if len(text) > 16:  # never parse thousands of digits (int() refuses them anyway)
            return _too_large(ctx, node)
        value = int(text)
        if abs(value) >= MAX_MAGNITUDE:
            return _too_large(ctx, node)
        return value
    return wrong(ctx, node, "a whole number")


def to_float(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag in (INT, FLOAT):
        text = node.value
        if node.tag == INT:
            number = to_int(node, ctx)
            return number if isinstance(number, Fail) else float(number)
        if _PLAIN_FLOAT.fullmatch(text):
            value = float(text)
            if not math.isfinite(value) or abs(value) >= MAX_MAGNITUDE:
                return _too_large(ctx, node)
        elif _NOT_FINITE.fullmatch(text):
            value = math.inf
        else:
            return _not_plain(ctx, node)
        if math.isfinite(value):
            return value
        return ctx.add(
            "S203",
            node,
            f"expected a finite number, found `{node.value}`",
            "write an ordinary number",
            zh=(f"这里应写有限的数字，实际是 `{node.value}`", "写一个普通的数字"),
        )
    return wrong(ctx, node, "a number")


_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


def to_bool(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag == BOOL:
        value = _BOOLS.get(node.value.lower())
        if value is not None:
            return value
    return wrong(ctx, node, "true or false")


def in_window(value: Any, node: yaml.Node, ctx: Ctx, what: str = "date") -> Any:
    """`value` (a date or a year) if inside `FIRST_DATE` … `LAST_DATE`, else an S407."""
    if isinstance(value, Fail):
        return value
    year = value.year if isinstance(value, dt.date) else value
    if FIRST_DATE.year <= year <= LAST_DATE.year:
        return value
    shown = node.value if len(node.value) <= 24 else node.value[:20] + "…"
    return ctx.add(
        "S407",
        node,
        f"the {what} `{shown}` is outside {FIRST_DATE} … {LAST_DATE}",
        "check the year for a typo: registry dates fall between "
        f"{FIRST_DATE.year} and {LAST_DATE.year}",
        zh=(
            f"{'年份' if what == 'year' else '日期'} `{shown}` "
            f"不在 {FIRST_DATE} 至 {LAST_DATE} 之间",
            f"检查年份是否打错：名册中的日期在 {FIRST_DATE.year} 年至 {LAST_DATE.year} 年之间",
        ),
    )


def to_year(node: yaml.Node, ctx: Ctx) -> Any:
    """A `year:` field: a whole number inside the date window."""
    return in_window(to_int(node, ctx), node, ctx, "year")


def to_date(node: yaml.Node, ctx: Ctx) -> Any:
    return in_window(_to_date(node, ctx), node, ctx)


def _to_date(node: yaml.Node, ctx: Ctx) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == TIMESTAMP:
            text = node.value
            if len(text) == 10 and _DATE_RE.fullmatch(text):
                try:
                    return dt.date.fromisoformat(text)
                except ValueError:
                    return bad_date(ctx, node)
            try:
                value = _constructor.construct_yaml_timestamp(node)
            except (ValueError, ConstructorError, OverflowError, AttributeError, TypeError):
                return bad_date(ctx, node)
            if isinstance(value, dt.datetime):
                return ctx.add(
                    "S401",
                    node,
                    f"expected a date, found the date and time `{node.value}`",
                    "write the date only, as YYYY-MM-DD",
                    zh=(
                        f"这里应写日期，实际是日期加时间 `{node.value}`",
                        "只写日期，格式为 YYYY-MM-DD",
                    ),
                )
            return value
        if node.tag == STR and _DATE_RE.fullmatch(node.value.strip()):
            try:
                return dt.date.fromisoformat(node.value.strip())
            except ValueError:
                pass
    return bad_date(ctx, node)


def bad_date(ctx: Ctx, node: yaml.Node) -> Fail:
    return ctx.add(
        "S401",
        node,
        f"not a valid date: {describe(node)}",
        "write dates as YYYY-MM-DD, e.g. 2024-05-10",
        zh=(
            f"不是有效的日期：{describe(node, 'zh')}",
            "日期写成 YYYY-MM-DD，例如 2024-05-10（不写“2024年5月10日”）",
        ),
    )


def _label_key(text: str) -> str:
    """A Chinese label as compared: NFKC (full-width brackets), no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _chinese_values() -> dict[str, str]:
    """Chinese names a clerk may type for an enumeration value → the value to write.

    From the model's labels (`市级` → municipal, `电子商务示范企业` → enterprise), also
    without `电子商务`/`示范` and with the bracketed part kept or dropped (`示范乡(镇)` →
    `乡镇`, `示范园区`); a short form that would name two values is left out.
    """
    found: dict[str, set[str]] = {}
    for labels in (KIND_LABELS, LEVEL_LABELS, ENTERPRISE_CLASS_LABELS):
        for value, label in labels.items():
            full = _label_key(label)
            forms = {full, full.removeprefix("电子商务"), full.removeprefix("电子商务示范")}
            for form in list(forms):
                forms.add(re.sub(r"[()]", "", form))
                forms.add(re.sub(r"\([^)]*\)", "", form))
            for form in forms:
                if form:
                    found.setdefault(form, set()).add(str(value))
    return {form: next(iter(vals)) for form, vals in found.items() if len(vals) == 1}


CHINESE_VALUES = _chinese_values()


def choice(values: tuple[str, ...], make: Callable[[str], Any], what: str) -> Converter:
    allowed = ", ".join(values)
    valid = frozenset(values)

    def convert(node: yaml.Node, ctx: Ctx) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag in TEXT_TAGS | {BOOL}:
            if node.value in valid:
                return make(node.value)
            name = f"`{ctx.field}`" if ctx.field else what
            written = CHINESE_VALUES.get(_label_key(node.value))
            if written is not None and written in valid:  # `level: 市级` → municipal
                return ctx.add(
                    "S204",
                    node,
                    f"write the id `{written}` for {name}, not the Chinese {node.value!r}",
                    f"{ctx.field or what}: {written}",
                    zh=(
                        f"{name} 要写编号 `{written}`，不写中文“{node.value}”",
                        f"改成 {ctx.field or what}: {written}",
                    ),
                )
            close = difflib.get_close_matches(node.value, values, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "check the spelling"
            hint_zh = f"是不是 `{close[0]}`？" if close else "检查拼写"
            return ctx.add(
                "S204",
                node,
                f"`{node.value}` is not a valid {name}; allowed: {allowed}",
                hint,
                zh=(f"“{node.value}”不是有效的 {name}；可写：{allowed}", hint_zh),
            )
        return wrong(ctx, node, f"one of: {allowed}")

    return convert


# ---------------------------------------------------------------------------- quick paths


class Slow:
    """Sentinel: the quick path cannot tell; the full converter decides (and reports)."""


SLOW = Slow()
Quick = Callable[[yaml.Node], Any]
"""A converter's quick path: the value the full converter would give, or `SLOW`.

It never records a problem, so it only answers for the common well-formed value and
gives `SLOW` for anything else (a null included); the binder then runs the full converter,
which reports exactly what it always did."""

_SCALAR = yaml.ScalarNode


def quick_text(node: yaml.Node) -> Any:
    """`to_str` for a visible one-line value."""
    if type(node) is _SCALAR and node.tag in TEXT_TAGS:
        value: str = node.value
        if visible(value):
            return value
    return SLOW


def quick_required_text(node: yaml.Node) -> Any:
    """`to_str` for a required field: a visible value that is not blank."""
    if type(node) is _SCALAR and node.tag in TEXT_TAGS:
        value: str = node.value
        if visible(value) and value.strip():
            return value
    return SLOW


def quick_int(node: yaml.Node) -> Any:
    """`to_int` for a plain decimal in range."""
    if type(node) is _SCALAR and node.tag == INT:
        text = node.value
        if len(text) <= 16 and _PLAIN_INT.fullmatch(text):
            value = int(text)
            if abs(value) < MAX_MAGNITUDE:
                return value
    return SLOW


def quick_year(node: yaml.Node) -> Any:
    """`to_year` for a plain decimal inside the window."""
    value = quick_int(node)
    if value is not SLOW and FIRST_DATE.year <= value <= LAST_DATE.year:
        return value
    return SLOW


def quick_date(node: yaml.Node) -> Any:
    """`to_date` for an unquoted `YYYY-MM-DD` inside the window."""
    if type(node) is _SCALAR and node.tag == TIMESTAMP:
        text = node.value
        if len(text) == 10 and _DATE_RE.fullmatch(text):
            try:
                value = dt.date.fromisoformat(text)
            except ValueError:
                return SLOW
            if FIRST_DATE.year <= value.year <= LAST_DATE.year:
                return value
    return SLOW


def quick_choice(values: tuple[str, ...], make: Callable[[str], Any]) -> Quick:
    """`choice(values, make, …)` for one of the allowed values."""
    valid = frozenset(values)
    tags = TEXT_TAGS | {BOOL}

    def quick(node: yaml.Node) -> Any:
        if type(node) is _SCALAR and node.tag in tags and node.value in valid:
            return make(node.value)
        return SLOW

    return quick


def quick_float(node: yaml.Node) -> Any:
    """`to_float` for a whole number (a number with a point takes the full path)."""
    value = quick_int(node)
    return value if value is SLOW else float(value)


def quick_bool(node: yaml.Node) -> Any:
    """`to_bool` for a YAML yes/no."""
    if type(node) is _SCALAR and node.tag == BOOL:
        value = _BOOLS.get(node.value.lower())
        if value is not None:
            return value
    return SLOW
