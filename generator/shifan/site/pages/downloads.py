"""The downloads page: every CSV, JSON and feed file with its size, and what each column holds."""

from __future__ import annotations

from collections.abc import Mapping

from shifan.site.api import CSV_COLUMNS
from shifan.site.context import SiteContext
from shifan.site.pages.render import render_page
from shifan.site.paths import rel

SRC = "downloads.md"

CSV_FILES: Mapping[str, str] = {
    "downloads/units.csv": "示范单位名录，每个单位一行，含当前状态和历次撤销记录",
    "downloads/figures.csv": "电子商务领军人物，每人一行",
    "downloads/notices.csv": "公示名单，每个公示对象一行",
    "downloads/plaques.csv": "牌匾与证书，每块一行，含当前状态（有效、已作废、因称号撤销而收回等）",
}
JSON_FILES: Mapping[str, str] = {
    "api/units.json": "全部示范单位及其状态（不含牌匾）",
    "api/figures.json": "全部领军人物及其状态",
    "api/notices.json": "全部公示，含名单、异议和认定结果",
    "api/site.json": "主办单位、举报与咨询渠道、备案标识",
    "keys.json": "牌匾签名公钥（JWK）",
}
JSON_FOLDERS: Mapping[str, str] = {
    "api/units/": "每个单位一个文件（<编号>.json）：状态、牌匾和历次撤销记录，核验页使用",
    "api/figures/": "每位领军人物一个文件（<编号>.json）",
    "api/plaques/": "每块牌匾一个文件（<牌匾编号>.json）：按核验码查询牌匾",
}
FEED_FILES: Mapping[str, str] = {
    "feeds/notices.atom": "公示（Atom）",
    "feeds/notices.rss": "公示（RSS）",
    "feeds/changes.atom": "称号变动：授牌、复审、撤销（Atom）",
    "feeds/changes.rss": "称号变动：授牌、复审、撤销（RSS）",
}
COLUMNS: Mapping[str, str] = {
    "编号": "单位或人物的永久编号，如 ZZ-ENT-0042",
    "名称": "登记名称",
    "姓名": "领军人物姓名",
    "类别": "示范称号的类别",
    "企业类型": "示范企业的类型（平台类、应用类、服务类）；其他类别为空",
    "级别": "市级、省级或国家级",
    "县(市、区)": "所在县（市、区）或开发区",
    "统一社会信用代码": "18 位统一社会信用代码",
    "状态": "数据日期当天的状态，如有效、复审逾期、已撤销",
    "授牌日期": "最近一次授予称号的日期",
    "授牌文号": "授予称号的文件文号",
    "下次复审": "下次复审的期限（每 2 年复审 1 次）",
    "复审逾期自": "逾期未复审的起始日期；未逾期为空",
    "撤销日期": "现行撤销的日期；称号有效为空",
    "撤销原因": "现行撤销的原因",
    "撤销文号": "现行撤销的文件文号",
    "撤销记录": "历次撤销（日期、原因、文号），包括之后又重新授牌的，以“；”分隔",
    "地址": "单位地址",
    "网站": "单位网站",
    "页面": "本站上的公开页面（完整网址）",
    "数据日期": "本文件数据截至的日期",
    "单位": "领军人物所在单位",
    "领域": "领军人物的工作领域",
    "年度": "评选年度",
    "事迹": "公开表彰的主要事迹",
    "牌匾编号": "牌匾或证书的流水号",
    "核验码": "印在二维码下方的核验码，如 000-042-7",
    "对象编号": "持有者的编号",
    "对象名称": "持有者的名称",
    "形式": "牌匾或证书",
    "颁发日期": "颁发日期",
    "状态代码": "状态的英文代码，供程序使用",
    "终止日期": "作废或收回的日期",
    "终止原因": "作废或收回的原因",
    "公示编号": "公示的编号，如 GS-2024-01",
    "标题": "公示标题",
    "发布日期": "公示发布日期",
    "截止日期": "公示期最后一天（按工作日计算）",
    "公示状态": "公示中或已结束",
    "主要工作业绩": "公示的主要工作业绩",
    "结果": "该对象的公示结果：已认定、异议成立、未予认定、撤回申请、公示中或待定",
    "决定文号": "认定决定的文号；尚未决定为空",
}


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def downloads_page(ctx: SiteContext, static: Mapping[str, int]) -> str:
    """The page of downloads, given the size in bytes of every static file by its path."""

    def row(path: str, text: str) -> dict[str, str]:
        return {
            "path": path,
            "href": rel(SRC, path),
            "size": size_text(static[path]),
            "text": text,
        }

    folders = []
    for folder, text in JSON_FOLDERS.items():
        sizes = [size for path, size in static.items() if path.startswith(folder)]
        folders.append(
            {"path": folder, "count": len(sizes), "size": size_text(sum(sizes)), "text": text}
        )
    return render_page(
        "下载与接口",
        "downloads.html",
        today=ctx.today,
        csvs=[row(p, t) for p, t in CSV_FILES.items() if p in static],
        columns=[
            (p, [(c, COLUMNS.get(c, "")) for c in CSV_COLUMNS[p]]) for p in CSV_FILES if p in static
        ],
        jsons=[row(p, t) for p, t in JSON_FILES.items() if p in static],
        folders=folders,
        feeds=[row(p, t) for p, t in FEED_FILES.items() if p in static],
    )
