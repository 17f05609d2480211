"""Parse one registry file into a PyYAML node tree, refusing what a roster must not contain.

The tree is PyYAML's own (`yaml.Node`, composed with the safe resolver), so every key and
value keeps its `start_mark` (0-based line/column). Nothing is ever *constructed* here:
no Python object is built from a tag, and aliases are refused before anything could expand
them ("billion laughs"). Refusals and oddities come back as `Problem`s, never exceptions:

| code | what |
|------|------|
| S101 | YAML syntax error (including tabs, control characters, several documents) |
| S102 | the same key twice in one mapping (PyYAML would silently keep the last one); |
|      | with `check_duplicates=False` the binder reports it instead, in its own pass |
| S103 | an anchor (`&a`) or alias (`*a`) |
| S104 | bytes that are not UTF-8 |
| S105 | a file larger than `MAX_FILE_BYTES` |
| S106 | an empty file (no document) |
| S107 | an explicit tag, standard or not (`!!python/object`, `!custom`, `!!bool`, `!!str`) |
| S108 | an invisible character: a format character (bidi controls such as U+202E, |
|      | zero-width characters, U+FEFF after the start) or a YAML-only line break |
|      | (U+0085, U+2028, U+2029) anywhere in the file, comments included |
| S110 | a full-width colon or space typed where YAML needs a half-width one |
|      | (`district：jinshui`, `level:　municipal`, `　name:` indented with U+3000) |

A quoted value that is never closed is reported where its quote opens (libyaml only notices
at the end of the file).

Columns are characters, as editors count them (not bytes), so a problem after Chinese text
points at the right spot.

The file is read with libyaml's C parser when PyYAML was built with it (its wheels are), and
with PyYAML's pure-Python parser otherwise (`pure=True` forces that): both give every node and
event its line and column, and a test holds the two to the same problems.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from shifan.errors import Problem
from shifan.loader.yamlerrors import syntax_message_zh
from shifan.model import Loc

try:
    from yaml._yaml import CParser

    C_PARSER = True
    """Whether libyaml's C parser is there (the pure-Python one is used otherwise)."""
except ImportError:  # PyYAML built without libyaml: the pure parser does the work
    C_PARSER = False

MAX_FILE_BYTES = 256 * 1024
"""A record is a few KiB; anything above this is a mistake or an attack, not a roster entry."""

_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_MAX = 100_000


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


_SCALAR_NODE, _MAPPING_NODE = yaml.ScalarNode, yaml.MappingNode
_cached_tag = _PLAIN_TAGS.get


class _CachingResolver(yaml.resolver.Resolver):
    """The safe resolver, memoising the tag of plain scalars (keys repeat in every file).

    Equivalent to `Resolver.resolve` without path resolvers (none are registered): a plain
    scalar gets the first implicit tag whose pattern matches, any other scalar `str`, and
    collections `seq`/`map`. A test compares it with PyYAML's on the corpus and the roster.
    The composer calls these three methods once per node, so they are kept to the minimum:
    with no path resolver, descending and ascending have nothing to track, and are C
    functions that ignore their arguments instead of Python methods that return at once.
    """

    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]  # (parent, index)
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]  # ()

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is _SCALAR_NODE:
            if not implicit[0]:
                return _STR_TAG
            tag = _cached_tag(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _MAP_TAG if kind is _MAPPING_NODE else _SEQ_TAG


_RESOLVER = _CachingResolver()
_IMPLICIT = (True, False)
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)")  # YAML 1.1 reads it as an int, always
_INT_TAG = "tag:yaml.org,2002:int"


def plain_tag(value: str) -> str:
    """The tag the safe resolver gives `value` written as a plain (unquoted) scalar."""
    if _DECIMAL.fullmatch(value) is not None:  # figures are mostly new: skip the resolver
        return _INT_TAG
    tag: str = _cached_tag(value) or _RESOLVER.resolve(_SCALAR_NODE, value, _IMPLICIT)
    return tag


class _PureLoader(Reader, Scanner, Parser, Composer, SafeConstructor, _CachingResolver):
    """PyYAML's pure-Python parser and composer with the safe resolver."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _CachingResolver.__init__(self)


if C_PARSER:

    class _CLoader(CParser, SafeConstructor, _CachingResolver):
        """libyaml's parser (the same grammar as PyYAML's, far faster) with the safe resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            _CachingResolver.__init__(self)


_BOM = "\ufeff"

# Unicode format characters (category Cf; a test checks the list against `unicodedata`) and
# the line breaks only YAML counts (an editor shows NEL/LS/PS on the same line, so every
# later line number would be off by one).
FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
_INVISIBLE = re.compile(f"[{FORMAT_CHARS}\u0085\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_MAX_REPORTED = 10
_SYNTAX_HINT = "check indentation (spaces only, no tabs) and quote values containing `: ` or `#`"
_SYNTAX_HINT_ZH = "检查缩进（只用半角空格，不用 Tab），含有“: ”或“#”的值要加引号"
_CONTROL_HINT = "remove the control character (often pasted from a word processor)"
_CONTROL_HINT_ZH = "删掉这个控制字符（常随文字处理软件中的文字一起粘贴进来）"


def loc_of(path: str, node: yaml.Node) -> Loc:
    """The 1-based location of a node's start."""
    mark = node.start_mark
    return Loc(path, mark.line + 1, mark.column + 1)


def oversized(path: str, size: int) -> Problem:
    """The S105 problem for a file of `size` bytes (callers may check the size unread)."""
    return Problem(
        "S105",
        Loc(path, 1, 1),
        f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
        "a registry record is a few KiB: split it or remove pasted content",
        message_zh=f"文件有 {size:,} 字节，超过 {MAX_FILE_BYTES:,} 字节的上限",
        hint_zh="一条名册记录只有几 KB：拆分文件，或删掉粘贴进来的多余内容",
    )


def parse_yaml(
    data: bytes, path: str, *, check_duplicates: bool = True, pure: bool | None = None
) -> tuple[yaml.Node | None, list[Problem]]:
    """Compose `data` (a whole file) into a node tree, or None when it cannot be used.

    `path` is the registry-relative path used in every problem's location. The tree is
    returned even when some problems were found (duplicate keys, anchors) so that the
    binder can still report everything else in the file; it is None only when the file
    could not be read as YAML at all or contained an alias or a non-standard tag. `pure`
    reads it with PyYAML's pure-Python parser (by default only when `C_PARSER` is false).
    """
    if pure is None:
        pure = not C_PARSER
    node, problems = _parse(data, path, check_duplicates, pure)
    if not pure and node is None and any(p.code == "S101" for p in problems):
        # libyaml and the pure parser place some syntax errors differently (in a flow
        # collection left open libyaml reads on to the end of the file). Errors are rare, so
        # the pure parser places the error and gives the hint on both paths; libyaml's
        # wording, which the Chinese texts are keyed on, names the problem.
        _, placed = _parse(data, path, check_duplicates, True)
        errors = [p for p in placed if p.code == "S101"]
        where = errors[0] if len(errors) == 1 else None  # one syntax error, not a scan's list
        if where is not None and sum(p.code == "S101" for p in problems) == 1:
            problems = [
                replace(p, loc=where.loc, hint=where.hint, hint_zh=where.hint_zh)
                if p.code == "S101"
                else p
                for p in problems
            ]
    elif not pure and b"\t" in data and not any(p.code == "S101" for p in problems):
        # libyaml passes over a tab used as white space (after a value, on a blank line) that
        # the pure parser refuses; a tab there is a slip, so both paths refuse it.
        pure_node, pure_problems = _parse(data, path, check_duplicates, True)
        if any(p.code == "S101" for p in pure_problems):
            return pure_node, pure_problems
    return node, problems


def _parse(
    data: bytes, path: str, check_duplicates: bool, pure: bool
) -> tuple[yaml.Node | None, list[Problem]]:
    if len(data) > MAX_FILE_BYTES:
        return None, [oversized(path, len(data))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        # Everything before the bad byte decoded, so count characters (as editors do).
        before = data[: err.start].decode("utf-8")
        line, col = _position(before, len(before))
        return None, [
            Problem(
                "S104",
                Loc(path, line, col),
                f"not UTF-8: byte 0x{data[err.start]:02x} at offset {err.start}",
                "save the file as UTF-8 (editors call it 'UTF-8' or 'UTF-8 without BOM')",
                message_zh=f"文件不是 UTF-8 编码：第 {err.start} 字节处是 0x{data[err.start]:02x}",
                hint_zh="把文件另存为 UTF-8 编码（编辑器里叫“UTF-8”或“UTF-8 无 BOM”），"
                "不要存成 GBK/GB2312",
            )
        ]
    if text.startswith(_BOM):
        text = text[1:]
    # Line breaks make `isprintable` False; without them, a printable text holds no control
    # (Cc), format (Cf) or line/paragraph separator (Zl, Zp) character, so the scans would
    # find nothing. Anything else (a CR, U+3000, an unassigned code point) takes the scans.
    if not text.replace("\n", "").isprintable():
        scanned = _character_problems(text, path)
        if scanned:
            return None, scanned
    if "：" in text or "\u3000" in text:
        slips = full_width_slips(text, path)
        if slips:
            return None, slips
    problems: list[Problem] = []
    if "&" in text or "*" in text:
        problems.extend(_anchor_problems(text, path, pure))
        if any(p.code == "S101" for p in problems):
            return None, problems
        if any(p.message.startswith("alias") for p in problems):
            return None, problems
    try:
        node = _compose(text, pure)
    except yaml.YAMLError as err:
        return None, [*problems, _syntax_problem(err, text, path)]
    except (ValueError, TypeError, RecursionError) as err:  # libyaml edge cases
        return None, [
            *problems,
            _unreadable(path, err),
        ]
    if node is None:
        problems.append(
            Problem(
                "S106",
                Loc(path, 1, 1),
                "the file is empty",
                "write the record's fields, or delete the file",
                message_zh="文件是空的",
                hint_zh="填写记录的各个字段，或删除这个文件",
            )
        )
        return None, problems
    if check_duplicates:  # the binder reports them itself, without another walk
        _check_duplicates(node, path, problems)
    if "!" in text:
        tagged = _tag_problems(text, path, pure)
        if tagged:
            return None, [*problems, *tagged]
    return node, problems


STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


def _tag_problems(text: str, path: str, pure: bool) -> list[Problem]:
    """Every explicit tag is refused, standard ones included.

    A tag forces a value the binder would otherwise never see (`!!bool maybe`, `!!int ''`,
    `!!timestamp x`, `!!str` on a mapping, `!!null` on text): quoting says the same thing
    safely. Found from the event stream, where only a tag written in the file is set
    (including the non-specific `!`).
    """
    found: list[Problem] = []
    for event in _events(text, pure):
        tag = getattr(event, "tag", None)
        mark = event.start_mark
        if tag is None or mark is None:
            continue
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        found.append(
            Problem(
                "S107",
                Loc(path, mark.line + 1, mark.column + 1),
                f"the YAML tag `{shown}` is not allowed",
                "remove the `!…` tag: registry values are plain text (quote it if it looks "
                "like a number, date or yes/no), numbers, dates, lists and mappings",
                message_zh=f"不允许使用 YAML 标签 `{shown}`",
                hint_zh="删掉 `!…` 标签：名册的值只是普通文字"
                "（像数字、日期或 yes/no 的文字加引号）、数字、日期、列表和映射",
            )
        )
    return found


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `text[index]`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _character_problems(text: str, path: str) -> list[Problem]:
    """Control characters (S101, as YAML refuses them) and invisible ones (S108)."""
    found: list[Problem] = []
    for match in _CONTROL.finditer(text):
        line, col = _position(text, match.start())
        found.append(
            Problem(
                "S101",
                Loc(path, line, col),
                f"character U+{ord(match.group()):04X} is not allowed in YAML",
                _CONTROL_HINT,
                message_zh=f"YAML 中不允许出现字符 U+{ord(match.group()):04X}",
                hint_zh=_CONTROL_HINT_ZH,
            )
        )
        if len(found) >= _MAX_REPORTED:
            return found
    for match in _INVISIBLE.finditer(text):
        line, col = _position(text, match.start())
        found.append(invisible(Loc(path, line, col), match.group(), "in the file"))
        if len(found) >= _MAX_REPORTED:
            break
    return found


def invisible(loc: Loc, character: str, where: str, where_zh: str = "文件中") -> Problem:
    """The S108 problem for an invisible or control character found `where` (`where_zh`)."""
    name = _CHARACTER_NAMES.get(character, "")
    return Problem(
        "S108",
        loc,
        f"invisible character U+{ord(character):04X}{name} {where}",
        "delete it (it is often pasted along with copied text): it hides or reorders what "
        "readers see and makes equal names compare different",
        message_zh=f"{where_zh}有不可见字符 U+{ord(character):04X}{name}",
        hint_zh="删掉它（它常随复制的文字一起粘贴进来）：它会隐藏或打乱读者看到的内容，"
        "还会让相同的名称比较起来不同",
    )


_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_FULL_WIDTH_COLON = re.compile(rf"^([ \t]*(?:-[ \u3000]+)?{_KEY})[ \u3000]*(：)", re.MULTILINE)
_FULL_WIDTH_AFTER_COLON = re.compile(rf"^([ \t]*(?:-[ ]+)?{_KEY}:)(\u3000)", re.MULTILINE)
_FULL_WIDTH_INDENT = re.compile(r"^[ \t]*(\u3000)", re.MULTILINE)


def full_width_slips(text: str, path: str) -> list[Problem]:
    """S110: a full-width colon or space typed where YAML needs a half-width one.

    Chinese input methods type `：` and U+3000; YAML then reads `district：jinshui` as one
    piece of text and reports something puzzling a line later. Only the places where YAML
    syntax was clearly meant are reported: `key：` at the start of a line (a field name in
    Latin letters), U+3000 right after `key:`, and U+3000 in the indentation. Full-width
    punctuation inside values (`note: 说明：……`) is text and stays.
    """
    found: list[tuple[int, str, str, str, str]] = []
    for match in _FULL_WIDTH_COLON.finditer(text):
        key = match.group(1).strip(" \t-\u3000")
        found.append(
            (
                match.start(2),
                f"full-width colon `：` after `{key}`: YAML needs the half-width colon `:`",
                f"write `{key}: …` (a half-width colon followed by a space)",
                f"`{key}` 后面是全角冒号“：”，YAML 要用半角冒号“:”",
                f"把全角冒号改成半角：写成 `{key}: …`（半角冒号后面加一个半角空格）",
            )
        )
    spaces = (
        (_FULL_WIDTH_AFTER_COLON, "after `{key}`", "`{key}` 后面是全角空格，YAML 要用半角空格"),
        (_FULL_WIDTH_INDENT, "in the indentation", "缩进里有全角空格，YAML 要用半角空格"),
    )
    for pattern, where, message_zh in spaces:
        for match in pattern.finditer(text):
            key = match.group(1).strip(" \t-") if pattern.groups > 1 else ""
            found.append(
                (
                    match.start(pattern.groups),
                    f"full-width space {where.format(key=key)}: YAML needs a half-width space",
                    "use an ordinary space (switch the input method to half-width)",
                    message_zh.format(key=key),
                    "把全角空格改成半角：用普通空格（输入法切换到半角）",
                )
            )
    problems = []
    for index, message, hint, message_zh, hint_zh in sorted(found)[:_MAX_REPORTED]:
        line, col = _position(text, index)
        problems.append(
            Problem(
                "S110", Loc(path, line, col), message, hint, message_zh=message_zh, hint_zh=hint_zh
            )
        )
    return problems


def _unreadable(path: str, err: Exception) -> Problem:
    return Problem(
        "S101",
        Loc(path, 1, 1),
        f"unreadable YAML: {err}",
        _SYNTAX_HINT,
        message_zh="无法读取的 YAML：嵌套层次过深或内容无法解析",
        hint_zh=_SYNTAX_HINT_ZH,
    )


_CHARACTER_NAMES = {
    "\u200b": " (zero-width space)",
    "\u200c": " (zero-width non-joiner)",
    "\u200d": " (zero-width joiner)",
    "\u2060": " (word joiner)",
    "\ufeff": " (zero-width no-break space / byte order mark)",
    "\u202e": " (right-to-left override)",
    "\u202d": " (left-to-right override)",
    "\u2066": " (left-to-right isolate)",
    "\u2067": " (right-to-left isolate)",
    "\u2068": " (first strong isolate)",
    "\u2069": " (pop directional isolate)",
    "\n": " (line break)",
    "\t": " (tab)",
    "\x00": " (NUL)",
    "\x07": " (BEL)",
    "\x1b": " (ESC)",
}


def _loader(text: str, pure: bool) -> Any:
    # A final line break, when the file has none, puts the end of the file where both parsers
    # agree (libyaml reports an error there on the next line, the pure parser on the last).
    text = text if text.endswith("\n") else text + "\n"
    return _PureLoader(text) if pure or not C_PARSER else _CLoader(text)


def _compose(text: str, pure: bool) -> yaml.Node | None:
    loader = _loader(text, pure)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _events(text: str, pure: bool) -> Iterator[yaml.Event]:
    loader = _loader(text, pure)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def _anchor_problems(text: str, path: str, pure: bool) -> list[Problem]:
    """Find anchors and aliases from the event stream (no composition, so no expansion)."""
    found: list[Problem] = []
    try:
        for event in _events(text, pure):
            anchor = getattr(event, "anchor", None)
            if anchor is None:
                continue
            mark = event.start_mark
            where = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path, 1, 1)
            if isinstance(event, yaml.AliasEvent):
                message = f"alias `*{anchor}`: anchors and aliases are not allowed"
                message_zh = f"别名 `*{anchor}`：不允许使用锚点和别名"
            else:
                message = f"anchor `&{anchor}`: anchors and aliases are not allowed"
                message_zh = f"锚点 `&{anchor}`：不允许使用锚点和别名"
            found.append(
                Problem(
                    "S103",
                    where,
                    message,
                    "write the value out in full where it is used",
                    message_zh=message_zh,
                    hint_zh="在用到的地方把值完整写出来",
                )
            )
    except yaml.YAMLError as err:
        # Only the error: how far the parser read before it (and so which anchors it saw)
        # differs between libyaml and the pure parser.
        return [_syntax_problem(err, text, path)]
    except (ValueError, TypeError, RecursionError) as err:
        return [_unreadable(path, err)]
    return found


def _code_point(character: object) -> int:
    if isinstance(character, int):
        return character
    return ord(character) if isinstance(character, str) and len(character) == 1 else 0


def _syntax_problem(err: yaml.YAMLError, text: str, path: str) -> Problem:
    if isinstance(err, yaml.reader.ReaderError):
        # libyaml reports the offset in UTF-8 bytes; locations are in characters.
        index = len(text.encode("utf-8")[: err.position].decode("utf-8", "ignore"))
        line, col = _position(text, index)
        return Problem(
            "S101",
            Loc(path, line, col),
            f"character U+{_code_point(err.character):04X} is not allowed in YAML",
            _CONTROL_HINT,
            message_zh=f"YAML 中不允许出现字符 U+{_code_point(err.character):04X}",
            hint_zh=_CONTROL_HINT_ZH,
        )
    if isinstance(err, yaml.MarkedYAMLError):
        quote = _unclosed_quote(text)
        last = (err.problem_mark or err.context_mark or yaml.Mark("", 0, 1 << 30, 0, "", 0)).line
        if quote is not None and quote[0] <= last + 1:
            line, col, mark_char = quote
            return Problem(
                "S101",
                Loc(path, line, col),
                f"the quote {mark_char} opened here is never closed",
                f"end the value with {mark_char} on the same line",
                message_zh=f"这里开始的引号 {mark_char} 没有闭合",
                hint_zh=f"在这一行的值末尾补上 {mark_char}（要用半角引号）",
            )
        mark = err.problem_mark or err.context_mark
        parts = [p for p in (err.context, err.problem) if p]
        message = "YAML syntax error: " + ", ".join(parts)
        hint, hint_zh = _SYNTAX_HINT, _SYNTAX_HINT_ZH
        if err.problem and "another document" in err.problem:
            hint = "one record per file: remove the `---` document separator"
            hint_zh = "一个文件只写一条记录：删掉 `---` 文档分隔线"
        if (err.problem and "tab" in err.problem) or _char_at(text, mark) == "\t":
            hint = "indent with spaces, never tabs"
            hint_zh = "用半角空格缩进，不要用 Tab"
        where = Loc(path, mark.line + 1, mark.column + 1) if mark is not None else Loc(path, 1, 1)
        return Problem(
            "S101",
            where,
            message,
            hint,
            message_zh=syntax_message_zh(err.context, err.problem),
            hint_zh=hint_zh,
        )
    return Problem(
        "S101",
        Loc(path, 1, 1),
        f"YAML syntax error: {err}",
        _SYNTAX_HINT,
        message_zh=syntax_message_zh(None, None),
        hint_zh=_SYNTAX_HINT_ZH,
    )


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    """The character at a mark (the parsers do not always name it), or ''."""
    if mark is None:
        return ""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column : mark.column + 1]


_QUOTED_START = re.compile(r"""^[ \t]*(?:-[ \t]+)?(?:[^\s#'"][^#]*?:[ \t]+|-[ \t]+)?(["'])""")


def _unclosed_quote(text: str) -> tuple[int, int, str] | None:
    """Line, column and quote character of the first one-line value whose quote never closes.

    Registry values are one line (multi-line text uses `|`), so a quoted value that does not
    close on its own line is the slip; YAML would read on to the end of the file.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        match = _QUOTED_START.match(line)
        if match is None:
            continue
        quote = match.group(1)
        rest = line[match.end() :]
        closed = _closes(rest, quote)
        if not closed:
            return number, match.start(1) + 1, quote
    return None


def _closes(rest: str, quote: str) -> bool:
    """Whether a value that opened with `quote` closes within `rest` (the line after it)."""
    i = 0
    while i < len(rest):
        ch = rest[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and rest[i + 1 : i + 2] == "'":  # '' is an escaped quote
                i += 2
                continue
            return True
        i += 1
    return False


def _check_duplicates(root: yaml.Node, path: str, problems: list[Problem]) -> None:
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    stack = [root]
    while stack:
        node = stack.pop()
        if type(node) is mapping:
            pairs = node.value
            names = {k.value for k, _ in pairs if type(k) is scalar}
            if len(names) != len(pairs):
                problems.extend(duplicate_problems(pairs, path))
            stack.extend(k for k, _ in pairs if type(k) is not scalar)
            stack.extend(v for _, v in pairs if type(v) is not scalar)
        elif type(node) is yaml.SequenceNode:
            stack.extend(n for n in node.value if type(n) is not scalar)


def duplicate_problems(pairs: list[tuple[yaml.Node, yaml.Node]], path: str) -> list[Problem]:
    """S102 for every repeated scalar key among a mapping's `(key, value)` pairs."""
    found: list[Problem] = []
    seen: dict[str, yaml.Node] = {}
    for key, _ in pairs:
        if not isinstance(key, yaml.ScalarNode):
            continue
        first = seen.setdefault(key.value, key)
        if first is not key:
            found.append(
                Problem(
                    "S102",
                    loc_of(path, key),
                    f"duplicate key `{key.value}` (first at line {first.start_mark.line + 1}, "
                    f"again at line {key.start_mark.line + 1})",
                    "keep one of them: YAML would silently use only the last",
                    message_zh=f"重复的键 `{key.value}`（第 {first.start_mark.line + 1} 行已有，"
                    f"第 {key.start_mark.line + 1} 行又出现）",
                    hint_zh="只保留一个：YAML 会悄悄只用最后一个",
                )
            )
    return found
