"""Finding the CJK font: the Debian package's file, or SHIFAN_CJK_FONT, else a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from shifan.errors import ShifanError
from shifan.plaques import fonts


def test_default_is_wenquanyi_micro_hei() -> None:
    font = fonts.find_cjk_font({})
    assert font.path == Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    assert font.index == 0
    assert font.width("郑州", 10.0) == pytest.approx(20.0, rel=0.05)  # full-width glyphs


def test_env_var_selects_a_face_of_a_collection() -> None:
    path = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    font = fonts.find_cjk_font({fonts.ENV_VAR: f"{path}#1"})
    assert (font.path, font.index) == (Path(path), 1)


def test_missing_env_font_names_the_package(tmp_path: Path) -> None:
    with pytest.raises(ShifanError) as err:
        fonts.find_cjk_font({fonts.ENV_VAR: str(tmp_path / "nope.ttf")})
    assert "does not exist" in str(err.value)
    assert "fonts-wqy-microhei" in str(err.value)


def test_unreadable_font_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font")
    with pytest.raises(ShifanError, match="无法载入该字体"):
        fonts.find_cjk_font({fonts.ENV_VAR: str(bogus)})


def test_bad_face_index(tmp_path: Path) -> None:
    with pytest.raises(ShifanError, match="face index"):
        fonts.find_cjk_font({fonts.ENV_VAR: "/x.ttc#one"})


def test_no_font_anywhere_names_the_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "KNOWN_PATHS", (Path("/nonexistent/wqy.ttc"),))
    with pytest.raises(ShifanError) as err:
        fonts.find_cjk_font({})
    assert "apt-get install fonts-wqy-microhei" in str(err.value)


def test_widths_match_reportlab_layout() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = fonts.find_cjk_font({})
    name = fonts.register_for_pdf(font)
    for text in ("郑州市电子商务示范企业", "核验码 000-042-7", "<b>&\u3000x", "\U0001f600"):
        assert font.width(text, 7.5) == pytest.approx(stringWidth(text, name, 7.5))
