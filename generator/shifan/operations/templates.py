"""`shifan new unit|figure`: a commented template of a new record, every field present.

The file goes where the roster keeps it (`registry/units/<kind>/<id>.yaml`,
`registry/figures/<id>.yaml`) under the next free id. It is a draft: the fields the clerk
has not given are placeholders (`待填写`) that `shifan check` reports, one by one, until
they are filled in. The declared values are those of the kind's standard in force on the
application date, each with its threshold in a comment.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING

from shifan.errors import RegistryError
from shifan.model import (
    ENTERPRISE_CLASS_LABELS,
    KIND_ID_CODES,
    KIND_LABELS,
    Criterion,
    DistrictId,
    EnterpriseClass,
    Kind,
)
from shifan.operations import FileWrite, Plan
from shifan.standards import in_force

if TYPE_CHECKING:
    from shifan.assessment import Assessment

TODO = "待填写"
EMPTY = "（必填，待填写）"

FIELD_NOTES = {
    "id": "编号，与文件名相同；永不重用、永不改名。",
    "kind": "类型，与所在文件夹相同。",
    "enterprise_class": "企业类别（仅示范企业）：决定适用哪些指标。",
    "level": (
        "级别：municipal（市级，由市商务局公示后认定）、provincial（省级）或 national（国家级）。"
    ),
    "name": "营业执照上的登记名称（乡镇：官方名称）。",
    "credit_code": "统一社会信用代码，18 位，加引号。",
    "district": "推荐的县（市、区）或开发区：registry/districts.yaml 中的编号。",
    "address": "地址和网站（可选）。",
    "applied_on": "申报日期：决定按哪一版创建标准评审。",
    "hosts_leading_firm": "园区：是否引进知名电商龙头企业（是则办公面积标准放宽）。",
    "achievements": "主要工作业绩：一段公开的摘要，公示时列出。",
    "declared": (
        "申报数据：数值填数字；是/否填 true/false；定性指标写 attested: true 和证明材料。"
    ),
    "events": "单位的经历，按日期先后；之后的事项由 notice、award、review、revoke 等命令写入。",
}
"""The comment above each field of a unit: `shifan new unit` writes it, and
docs/templates/unit.example.yaml opens each field's comment with it (a test keeps them so)."""


def _note(field: str, extra: str = "") -> str:
    return f"# {FIELD_NOTES[field]}{extra}"


def _next_number(a: Assessment, code: str) -> int:
    pattern = re.compile(rf"ZZ-{code}-(\d{{4}})")
    names = (*a.roster.units, *a.roster.figures, *a.roster.unloaded)
    numbers = [int(m.group(1)) for name in names if (m := pattern.fullmatch(name))]
    return max(numbers, default=0) + 1


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _criterion_line(c: Criterion) -> str:
    if c.type == "attestation":
        value = f"{{attested: false, document: {_text(TODO + '：证明材料名称')}}}"
    elif c.type == "bool":
        value = "false"
    else:
        value = "0"
    rule = ""
    if c.type == "number" and c.op is not None and c.value is not None:
        rule = f" {c.op} {c.value:g}{(' ' + c.unit) if c.unit else ''}"
        if c.relaxed_when and c.relaxed_op and c.relaxed_value is not None:
            rule += f"（{c.relaxed_when} 时 {c.relaxed_op} {c.relaxed_value:g}）"
    elif c.type == "attestation":
        rule = "（定性指标：attested: true 并写明证明材料）"
    elif c.type == "bool":
        rule = "（是/否：须为 true）"
    return f"  {c.key}: {value}".ljust(40) + f"  # {c.label}{rule}"


def plan_new_unit(
    a: Assessment,
    kind: Kind,
    *,
    enterprise_class: EnterpriseClass | None,
    district: str | None,
    name: str | None,
    credit_code: str | None,
    applied_on: dt.date | None,
    recommended_on: dt.date | None,
) -> Plan:
    """A template of a municipal unit of `kind`, recommended by `district`."""
    if (kind is Kind.ENTERPRISE) != (enterprise_class is not None):
        raise RegistryError(
            "示范企业必须给出 --class (平台类/应用类/服务类), 其他类型不能给出"
            if kind is Kind.ENTERPRISE
            else f"--class 只适用于示范企业, 不适用于 {kind}"
        )
    if district is not None and DistrictId(district) not in a.roster.districts:
        raise RegistryError(
            f"registry/districts.yaml 中没有县(市、区) {district!r}",
            hint="可用: " + ", ".join(a.roster.districts),
        )
    applied = applied_on or a.today
    recommended = recommended_on or a.today
    unit_id = f"ZZ-{KIND_ID_CODES[kind]}-{_next_number(a, KIND_ID_CODES[kind]):04d}"
    version = in_force(a.roster.standards.get(kind), applied)
    where = district if district is not None else _text(TODO)
    lines = [
        "# yaml-language-server: $schema=../../../schemas/unit.schema.json",
        f"# 新示范单位（{KIND_LABELS[kind]}）的模板，由 `./run shifan new unit` 生成。",
        f"# 填写空着的字段，把「{TODO}」换成实际内容，再运行 `./run shifan check` 直到没有错误。",
        "# 这里的一切都会公开：不写个人姓名、电话、身份证号。",
        "# 字段说明：docs/templates/unit.example.yaml",
        "",
        _note("id"),
        f"id: {unit_id}",
        _note("kind"),
        f"kind: {kind}",
    ]
    if enterprise_class is not None:
        lines += [
            _note("enterprise_class", f"本单位：{ENTERPRISE_CLASS_LABELS[enterprise_class]}。"),
            f"enterprise_class: {enterprise_class}",
        ]
    lines += [
        _note("level"),
        "level: municipal",
        _note("name", EMPTY),
        f"name: {_text(name)}" if name else "name:",
    ]
    if kind is not Kind.TOWNSHIP:
        lines += [
            _note("credit_code"),
            f"credit_code: {_text(credit_code or TODO)}",
        ]
    lines += [
        _note("district"),
        f"district: {where}",
        _note("address"),
        "# address: 郑州市金水区示例路1号",
        "# website: https://www.example.com",
        _note("applied_on"),
        f"applied_on: {applied}",
    ]
    if kind is Kind.PARK:
        lines += [
            _note("hosts_leading_firm"),
            "hosts_leading_firm: false",
        ]
    lines += [
        _note("achievements", EMPTY),
        "achievements:",
    ]
    if version is None:
        lines += [_note("declared"), "# 申报日期时没有施行的创建标准：请核对 applied_on。"]
        lines += ["declared: {}"]
    else:
        lines += [
            _note("declared"),
            f"# 对照 {version.document}（自 {version.effective} 起施行）。",
            "declared:",
        ]
        for criterion in version.criteria:
            if criterion.classes and enterprise_class not in criterion.classes:
                continue
            lines.append(_criterion_line(criterion))
    lines += [
        _note("events"),
        "# 推荐：可加 document（推荐函文号）。",
        "events:",
        f"  - {{type: recommended, date: {recommended}, district: {where}}}",
    ]
    path = f"registry/units/{kind}/{unit_id}.yaml"
    return Plan(
        writes=(FileWrite(path, "\n".join(lines) + "\n"),),
        summary=(
            f"新建 {unit_id} 的模板：{path}",
            f"填写空着的字段和「{TODO}」各项后运行 ./run shifan check",
        ),
    )


def plan_new_figure(a: Assessment, *, year: int | None) -> Plan:
    """A template of a leading figure (领军人物)."""
    figure_id = f"ZZ-FIG-{_next_number(a, 'FIG'):04d}"
    lines = [
        "# yaml-language-server: $schema=../../schemas/figure.schema.json",
        "# 新领军人物的模板，由 `./run shifan new figure` 生成。",
        "# 填写空着的字段，再运行 `./run shifan check`。只写公开信息：不写电话、身份证号。",
        "",
        "# 编号，与文件名相同；永不重用。",
        f"id: {figure_id}",
        f"# 姓名。{EMPTY}",
        "name:",
        "# 所在单位：名册中的单位编号（affiliation_unit）或文字（affiliation），二选一。",
        "# affiliation_unit: ZZ-ENT-0001",
        "# affiliation: 郑州示例网络科技有限公司",
        f"# 领域。{EMPTY}",
        "field_of_work:",
        "# 认定年度。",
        f"year: {year or a.today.year}",
        "# 证书编号（可选）。",
        "# certificate: 郑州市电子商务领军人物证书 ZZLJ-2026-01",
        f"# 简短的公开事迹。{EMPTY}",
        "citation:",
        "# 经历：awarded（认定，日期和文号）；证书由 `./run shifan plaque issue` 写入。",
        "events: []",
    ]
    path = f"registry/figures/{figure_id}.yaml"
    return Plan(
        writes=(FileWrite(path, "\n".join(lines) + "\n"),),
        summary=(f"新建 {figure_id} 的模板：{path}", "填写空着的字段后运行 ./run shifan check"),
    )
