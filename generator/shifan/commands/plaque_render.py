"""`shifan plaque render ID --format svg|pdf|png --out FILE`: print-ready plaque artwork.

Renders a unit's plaque insert or a figure's certificate from the token already issued
into its record (`shifan plaque issue`), so no key is needed. The QR points at the site
address from `--site-url`, else `site_url` in mkdocs.yml beside the registry folder (set it
once to the published address). Artwork whose QR points at a loopback, private or local
address (a preview: `http://127.0.0.1:8000/`) is refused unless `--preview` is given: such a
QR cannot be scanned from a wall.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from shifan.assessment import Assessment, assess
from shifan.commands.common import add_registry_args, today_from
from shifan.errors import ShifanError, UsageError
from shifan.model import Figure, Level, Unit
from shifan.plaques.artwork import art_from_token, render_pdf, render_png, render_svg
from shifan.plaques.fonts import find_cjk_font
from shifan.safewrite import write_file
from shifan.signing import token as tokens
from shifan.signing.checkcode import check_code
from shifan.status import PlaqueState
from shifan.urls import check_site_url

FORMATS = ("svg", "pdf", "png")


def register(actions: Any) -> None:
    parser: argparse.ArgumentParser = actions.add_parser(
        "render",
        help="print-ready artwork of a plaque (牌匾) or certificate (证书)",
        description=(
            "Render the latest active plaque of a unit (or a figure's certificate), or the one "
            "given by --serial, at real size: 400×300 mm plaque insert or A4 certificate."
        ),
    )
    parser.add_argument("id", metavar="ID", help="a unit or figure id, e.g. ZZ-ENT-0042")
    parser.add_argument("--format", choices=FORMATS, required=True, help="svg, pdf or png")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="file to write")
    parser.add_argument("--serial", type=int, default=None, metavar="N", help="this plaque")
    parser.add_argument(
        "--site-url",
        type=check_site_url,
        default=None,
        metavar="URL",
        help="the published site address (default: site_url in mkdocs.yml, set once)",
    )
    parser.add_argument(
        "--preview",
        action="store_true",
        help="allow a QR that points at a loopback or private address (proofs, not print)",
    )
    add_registry_args(parser)
    parser.add_argument(
        "--outlines",
        action="store_true",
        help="SVG only: draw text as glyph outlines (prints without the font installed)",
    )
    parser.add_argument(
        "--module-px",
        type=int,
        default=6,
        metavar="N",
        help="PNG only: pixels per QR module (default 6, about 125 dpi on a plaque)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.module_px < 1:
        raise UsageError("--module-px 至少为 1 (每个二维码模块的像素数)")
    if args.outlines and args.format != "svg":
        raise UsageError(
            "--outlines 只用于 SVG",
            hint="PDF 已嵌入字体, PNG 用字体绘制; 去掉 --outlines",
        )
    assessment = assess(args.registry, None, today_from(args))
    record = assessment.record(args.id)
    if record is None:
        raise ShifanError(
            f"{args.registry} 中没有编号为 {args.id!r} 的示范单位或领军人物 "
            "(no such unit or figure)",
            hint="按文件名填写编号, 例如 ZZ-ENT-0042 或 ZZ-FIG-0001",
        )
    plaque = choose_plaque(record, assessment.plaques[record.id], args.serial)
    if plaque.token is None:
        raise ShifanError(
            f"{record.id} 的牌匾 {check_code(plaque.serial)} 在记录中没有令牌 (token)",
            loc=record.loc,
            hint=f"重新发放: ./run shifan plaque issue {record.id} --key PATH",
        )
    token = tokens.parse(plaque.token)
    if token.subject != record.id:
        raise ShifanError(
            f"{record.id} 记录中的牌匾 {check_code(plaque.serial)} 带的是 {token.subject} 的令牌",
            loc=record.loc,
            hint="运行 `./run shifan check`；用 `./run shifan plaque issue` 重新发放",
        )
    _warn_unless_held(record, assessment)
    site_url = args.site_url or site_url_from_mkdocs(args.registry.parent / "mkdocs.yml")
    if not_public(site_url):
        if not args.preview:
            raise ShifanError(
                f"二维码将指向 {site_url}，这是手机无法访问的本机或内网地址，不能用于印制"
                "（refused for print）",
                hint="在 mkdocs.yml 中把 site_url 设为正式网址（设一次即可），或加 "
                "--site-url https://…；不印制的校样可加 --preview",
            )
        print(f"shifan: 警告：仅供校样，二维码指向 {site_url}（preview only）", file=sys.stderr)
    confirmed = plaque.awarded_on is not None and plaque.awarded_on == token.awarded
    art = art_from_token(plaque.token, name=record.name, site_url=site_url,
                         issuer=_issuer(record), award_document=plaque.award_document,
                         award_confirmed=confirmed)  # fmt: skip
    font = find_cjk_font(os.environ)
    data: bytes
    if args.format == "svg":
        data = render_svg(art, font, outlines=args.outlines).encode("utf-8")
    elif args.format == "pdf":
        data = render_pdf(art, font)
    else:
        data = render_png(art, font, module_px=args.module_px)
    write_file(args.out, data)
    print(f"已写入 {args.out}（{art.title}，{record.id}，核验码 {art.check_code}）")
    return 0


def choose_plaque(
    record: Unit | Figure, plaques: Sequence[PlaqueState], serial: int | None
) -> PlaqueState:
    """The plaque with `serial`, or the record's latest active one."""
    if serial is not None:
        for plaque in plaques:
            if plaque.serial == serial:
                if plaque.voided:
                    raise ShifanError(
                        f"{record.id} 的牌匾 {check_code(serial)} 已于 {plaque.voided_on} 作废, "
                        "作废的牌匾不再印制",
                        hint=f"补发一块新的: ./run shifan plaque issue {record.id} --key PATH",
                    )
                return plaque
        raise ShifanError(
            f"{record.id} 没有牌匾编号为 {serial} 的牌匾或证书",
            hint="它的牌匾编号: " + ("、".join(str(p.serial) for p in plaques) or "无"),
        )
    active = [p for p in plaques if not p.voided]
    if not active:
        raise ShifanError(
            f"{record.id} 没有可印制的牌匾或证书 (no issued plaque)",
            loc=record.loc,
            hint=f"先发放: ./run shifan plaque issue {record.id} --key PATH",
        )
    return active[-1]


def _warn_unless_held(record: Unit | Figure, a: Assessment) -> None:
    """A printed plaque of a record that no longer holds its title is for reference only."""
    status = a.status(record.id)
    if status is not None and not status.holds_title:
        print(
            f"shifan: 警告: {record.id} 在 {a.today} 不持有称号 ({status.label}), "
            "扫码核验时也会如此显示",
            file=sys.stderr,
        )


def _issuer(record: Unit | Figure) -> str | None:
    """The awarding body recorded for a non-municipal title (`by` of its award)."""
    if isinstance(record, Figure) or record.level is Level.MUNICIPAL:
        return None
    bodies = [e.by for e in record.events if e.type == "awarded" and e.by]
    return bodies[-1] if bodies else None


class _MkdocsLoader(yaml.SafeLoader):
    """Safe YAML that reads mkdocs.yml's `!!python/name:` and `!ENV` tags as plain nulls."""


_MkdocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


def not_public(site_url: str) -> bool:
    """Whether `site_url`'s host is loopback, private, link-local or a local-only name."""
    host = (urlsplit(site_url).hostname or "").lower().rstrip(".")
    if (
        host == "localhost"
        or host.endswith(_LOCAL_SUFFIXES)
        or ("." not in host and ":" not in host)
    ):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def site_url_from_mkdocs(path: Path) -> str:
    """`site_url` from mkdocs.yml, which the CLI reads at its edge."""
    hint = "加 --site-url https://…, 或在 mkdocs.yml 中设置 site_url"
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_MkdocsLoader)
    except FileNotFoundError:
        raise ShifanError(f"不知道网站地址: 找不到 {path} (not found)", hint=hint) from None
    except OSError as exc:
        raise ShifanError(f"无法读取 {path} ({exc.strerror})", hint=hint) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise ShifanError(f"无法读取 {path}: {where}YAML 语法错误", hint=hint) from None
    url = config.get("site_url") if isinstance(config, dict) else None
    if not isinstance(url, str) or not url.strip():
        raise ShifanError(f"{path} 中没有 site_url", hint=hint)
    return url.strip()
