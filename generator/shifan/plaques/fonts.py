"""The CJK font printed on plaques and certificates, found on the system.

The artwork uses WenQuanYi Micro Hei (文泉驿微米黑), Debian package `fonts-wqy-microhei`
(`/usr/share/fonts/truetype/wqy/wqy-microhei.ttc`, a TrueType collection; licence
Apache-2.0 or GPL-3.0 with the font exception, either of which allows embedding a subset
in a PDF). PDFs embed a subset of it, PNGs are drawn with it, and SVG text names it first
in its font-family stack. `SHIFAN_CJK_FONT` (a path, optionally `path#index` for a
collection) selects another font; the CLI passes the environment in.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shifan.errors import ShifanError

ENV_VAR = "SHIFAN_CJK_FONT"
KNOWN_PATHS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # Debian, Ubuntu
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),  # Fedora, Arch
)
DEBIAN_PACKAGE = "fonts-wqy-microhei"
SVG_FONT_STACK = (
    "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', "
    "'Microsoft YaHei', 'Heiti SC', sans-serif"
)


@dataclass(frozen=True, slots=True)
class CjkFont:
    """A TrueType font (or one face of a collection) that covers Simplified Chinese."""

    path: Path
    index: int = 0

    @property
    def pdf_name(self) -> str:
        """A name for reportlab's font registry, unique per file and face."""
        digest = hashlib.sha256(f"{self.path}#{self.index}".encode()).hexdigest()[:8]
        return f"ShifanCJK-{digest}"

    def width(self, text: str, size: float) -> float:
        """Advance width of `text` at `size` (same unit as `size`, e.g. mm).

        The same sum of advances reportlab uses when it lays out PDF text (no kerning).
        """
        return sum(map(_advances(self).__getitem__, map(ord, text))) * size / 1000


class _Advances(dict[int, float]):
    """Advance widths in 1/1000 em by code point; the default for characters not in it."""

    def __init__(self, widths: Mapping[int, float], default: float) -> None:
        super().__init__(widths)
        self.default = default

    def __missing__(self, key: int) -> float:
        return self.default


@functools.cache
def _advances(font: CjkFont) -> _Advances:
    face = _ttfont(font).face
    return _Advances(face.charWidths, float(face.defaultWidth))


def find_cjk_font(environ: Mapping[str, str]) -> CjkFont:
    """`SHIFAN_CJK_FONT` if set, else the first known path of WenQuanYi Micro Hei."""
    given = environ.get(ENV_VAR, "").strip()
    if given:
        path_text, _, index_text = given.partition("#")
        if not index_text.isdigit() and index_text:
            raise ShifanError(
                f"{ENV_VAR}={given!r}: '#' 后的字体序号必须是数字 (face index)",
                hint=f"例如 {ENV_VAR}=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#0",
            )
        font = CjkFont(Path(path_text), int(index_text or 0))
        _check_loads(font, f"{ENV_VAR}={given!r}")
        return font
    for path in KNOWN_PATHS:
        if path.is_file():
            font = CjkFont(path)
            _check_loads(font, str(path))
            return font
    raise ShifanError(
        "找不到绘制牌匾用的中文字体 (no Chinese font found)",
        hint=(
            f"安装 Debian 软件包 `{DEBIAN_PACKAGE}` (apt-get install {DEBIAN_PACKAGE}), 或把 "
            f"{ENV_VAR} 设为一个含简体中文的 TrueType 字体 (.ttf/.ttc)"
        ),
    )


def _check_loads(font: CjkFont, what: str) -> None:
    try:
        _ttfont(font)
    except ShifanError:
        raise
    except Exception as exc:  # reportlab raises assorted errors for unreadable fonts
        raise ShifanError(
            f"{what}: 无法载入该字体 ({exc})",
            hint=f"把 {ENV_VAR} 指向一个 TrueType 字体, 或安装 `{DEBIAN_PACKAGE}`",
        ) from None


@functools.cache
def _ttfont(font: CjkFont) -> Any:
    """reportlab's TTFont for `font`, registered once under `font.pdf_name`."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not font.path.is_file():
        raise ShifanError(
            f"字体文件 {font.path} 不存在 (does not exist)",
            hint=f"安装 `{DEBIAN_PACKAGE}`, 或把 {ENV_VAR} 设为一个存在的字体文件",
        )
    tt = TTFont(font.pdf_name, str(font.path), subfontIndex=font.index)
    pdfmetrics.registerFont(tt)
    return tt


def register_for_pdf(font: CjkFont) -> str:
    """Make sure reportlab knows `font`; returns the name to draw with."""
    _ttfont(font)
    return font.pdf_name
