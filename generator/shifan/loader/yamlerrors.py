"""PyYAML's syntax errors (libyaml's wording) told in Chinese for S101.

libyaml describes a syntax error with a fixed English *problem* ("mapping values are not
allowed in this context") and, often, the *context* it was in ("while parsing a flow
mapping"). The English stays in the English message (`--lang en`); the Chinese message is
built from these tables only, so no English reaches a clerk who reads Chinese. A problem or
context missing from the tables (a future libyaml) gets a general Chinese wording.
"""

from __future__ import annotations

PROBLEMS_ZH: dict[str, str] = {
    # structure: indentation, keys, lists
    "mapping values are not allowed in this context": (
        "这里不能出现“: ”（冒号加空格）：检查上一行的缩进，值里有“: ”时给值加引号"
    ),
    "block sequence entries are not allowed in this context": "这里不能出现列表项“- ”",
    "mapping keys are not allowed in this context": "这里不能出现键标记“? ”",
    "could not find expected ':'": "字段名后面找不到冒号“:”",
    "found unexpected ':'": "出现了多余的冒号“:”",
    "did not find expected key": "这里应当是字段名：缩进没有与上文对齐",
    "did not find expected '-' indicator": "这里应当是列表项“- ”：缩进没有与上文对齐",
    "did not find expected node content": "这里缺少值",
    "did not find expected <document start>": "这一行无法归属到上文：缩进没有对齐",
    "did not find expected ',' or ']'": "方括号列表没有用“]”结束，或项与项之间缺少半角逗号",
    "did not find expected ',' or '}'": "花括号没有用“}”结束，或项与项之间缺少半角逗号",
    "but found another document": "一个文件里有多个文档（“---”分隔）",
    # characters
    "found character that cannot start any token": (
        "这个字符不能作为值的开头（如 @、`、Tab）：给值加引号，缩进只用空格"
    ),
    "found a tab character that violates indentation": "Tab 字符打乱了缩进",
    "found a tab character where an indentation space is expected": "缩进处出现 Tab，应当用空格",
    # quoted text
    "found unexpected end of stream": "文件在值结束之前就结束了",
    "found unexpected document indicator": "引号里出现了文档分隔线（“---”或“...”）",
    "found unknown escape character": "双引号里的反斜杠后面是无法识别的转义字符",
    "did not find expected hexdecimal number": "双引号里的转义序列缺少十六进制数字",
    "found invalid Unicode character escape code": "双引号里的 Unicode 转义码无效",
    # block text (| and >)
    "found an indentation indicator equal to 0": "“|”或“>”后面的缩进数字不能是 0",
    "did not find expected comment or line break": "“|”或“>”后面只能换行或写注释",
    # tags, anchors, aliases
    "did not find the expected '>'": "标签“!<”没有用“>”结束",
    "found undefined tag handle": "使用了未定义的标签前缀",
    "did not find URI escaped octet": "标签里的百分号转义无效",
    "did not find expected whitespace or line break": "标签后面缺少空格",
    "did not find expected tag URI": "标签为空或无效",
    "did not find expected alphabetic or numeric character": "“&”或“*”后面缺少名称",
    "found undefined alias": "使用了未定义的别名",
    "second occurrence": "锚点名称重复",
    # directives (lines starting with %)
    "found unknown directive name": "无法识别的“%”指令",
    "could not find expected directive name": "“%”后面缺少指令名",
    "found unexpected non-alphabetical character": "指令名里有非字母字符",
    "did not find expected whitespace": "指令里缺少空格",
    "did not find expected '!'": "“%TAG”指令缺少“!”",
    "did not find expected version number": "“%YAML”指令缺少版本号",
    "did not find expected digit or '.' character": "“%YAML”指令的版本号格式不对",
    "found extremely long version number": "“%YAML”指令的版本号过长",
    "found duplicate %YAML directive": "“%YAML”指令重复",
    "found incompatible YAML document": "YAML 版本不兼容",
    "found duplicate %TAG directive": "“%TAG”指令重复",
}
"""libyaml's problem texts (the parser, scanner and composer PyYAML uses) in Chinese."""

CONTEXTS_ZH: dict[str, str] = {
    "while scanning for the next token": "读取下一项时",
    "while scanning a simple key": "读取字段名时",
    "while scanning a plain scalar": "读取值时",
    "while parsing a node": "读取值时",
    "while parsing a block node": "读取值时",
    "while parsing a block mapping": "读取字段时",
    "while parsing a block collection": "读取列表时",
    "while parsing a flow node": "读取方括号或花括号里的值时",
    "while parsing a flow sequence": "读取方括号列表时",
    "while parsing a flow mapping": "读取花括号内容时",
    "while scanning a quoted scalar": "读取带引号的值时",
    "while parsing a quoted scalar": "读取带引号的值时",
    "while scanning a block scalar": "读取块文本（“|”或“>”）时",
    "while scanning a tag": "读取标签（“!”）时",
    "while parsing a tag": "读取标签（“!”）时",
    "while scanning an anchor": "读取锚点（“&”）时",
    "while scanning an alias": "读取别名（“*”）时",
    "found duplicate anchor; first occurrence": "读取锚点（“&”）时",
    "expected a single document in the stream": "一个文件只能写一条记录",
    "while scanning a directive": "读取“%”指令时",
    "while scanning a %YAML directive": "读取“%YAML”指令时",
    "while scanning a %TAG directive": "读取“%TAG”指令时",
    "while parsing a %TAG directive": "读取“%TAG”指令时",
    "while scanning a tag directive": "读取“%TAG”指令时",
    "while parsing a tag directive": "读取“%TAG”指令时",
    "while increasing block level": "嵌套层次过深",
    "while increasing flow level": "嵌套层次过深",
}
"""libyaml's context texts ("while …") in Chinese."""

UNKNOWN_PROBLEM_ZH = "无法解析这里的内容"


def syntax_message_zh(context: str | None, problem: str | None) -> str:
    """The Chinese S101 message for libyaml's `context` and `problem` (English neither)."""
    told = PROBLEMS_ZH.get(problem or "", UNKNOWN_PROBLEM_ZH)
    where = CONTEXTS_ZH.get(context or "")
    return f"YAML 语法错误：{where}，{told}" if where else f"YAML 语法错误：{told}"
