"""`shifan plaque render`: from a roster record's issued token to a file on disk."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from shifan.cli import main
from support import UNIT_YAML, plaque_digits, small_registry

SITE = "https://zzsw.example.cn"
PARK_TOKEN = plaque_digits(subject="ZZ-PRK-0001", kind="park", enterprise_class=None)
FIGURE_TOKEN = plaque_digits(
    subject="ZZ-FIG-0001", serial=43, kind="figure", form="certificate", enterprise_class=None
)
ISSUED = (
    f"  - {{type: plaque_issued, date: 2024-06-01, serial: 42, kid: '1', token: '{PARK_TOKEN}'}}\n"
)
FIGURE_YAML = f"""\
id: ZZ-FIG-0001
name: 王五
affiliation: 郑州某某网络科技有限公司
field_of_work: 跨境电商
year: 2024
citation: 带动跨境电商发展
events:
  - {{type: awarded, date: 2024-05-20, document: 郑商务〔2024〕13号}}
  - {{type: plaque_issued, date: 2024-06-01, serial: 43, kid: '1', form: certificate,
      token: '{FIGURE_TOKEN}'}}
"""


def registry(tmp_path: Path, unit_yaml: str = UNIT_YAML + ISSUED) -> Path:
    return small_registry(
        tmp_path,
        {"units/park/ZZ-PRK-0001.yaml": unit_yaml, "figures/ZZ-FIG-0001.yaml": FIGURE_YAML},
    )


def render(reg: Path, *args: str) -> int:
    return main(["plaque", "render", *args, "--registry", str(reg)])


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_renders_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    reg = registry(tmp_path)
    out = tmp_path / f"plaque.{fmt}"
    assert render(reg, "ZZ-PRK-0001", "--format", fmt, "--out", str(out), "--site-url", SITE) == 0
    assert "000-042-7" in capsys.readouterr().out
    data = out.read_bytes()
    assert data.startswith({"svg": b"<?xml", "pdf": b"%PDF-", "png": b"\x89PNG"}[fmt])
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    if fmt == "png":
        codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
        assert [c.text for c in codes] == [f"{SITE}/v/#{PARK_TOKEN}"]
    if fmt == "svg":
        assert "郑州示例电子商务产业园" in data.decode()
        assert "认定日期：2024年5月20日" in data.decode()
        assert "认定文号：郑商务〔2024〕12号" in data.decode()


def test_figure_certificate(tmp_path: Path) -> None:
    out = tmp_path / "cert.svg"
    assert render(registry(tmp_path), "ZZ-FIG-0001", "--format", "svg", "--out", str(out),
                  "--site-url", SITE) == 0  # fmt: skip
    svg = out.read_text(encoding="utf-8")
    assert "王五" in svg
    assert "郑州市电子商务领军人物" in svg
    assert 'width="297mm"' in svg


def test_site_url_defaults_to_mkdocs_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reg = registry(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://demo.zzsw.example.cn/\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    out = tmp_path / "p.svg"
    assert render(reg, "ZZ-PRK-0001", "--format", "svg", "--out", str(out)) == 0
    assert "demo.zzsw.example.cn/v/" in out.read_text(encoding="utf-8")
    assert "警告" not in capsys.readouterr().err


LOCAL_ADDRESSES = (
    "http://127.0.0.1:8000/",
    "http://localhost:8000/",
    "http://[::1]:8000/",
    "http://10.1.2.3/",
    "http://192.168.1.20/shifan/",
    "http://172.16.0.5/",
    "http://169.254.10.10/",
    "http://shifan.local/",
    "http://intranet/",
)


@pytest.mark.parametrize("site_url", LOCAL_ADDRESSES)
@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_render_refuses_a_qr_to_a_local_address_for_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], site_url: str, fmt: str
) -> None:
    out = tmp_path / f"p.{fmt}"
    args = ("ZZ-PRK-0001", "--format", fmt, "--out", str(out), "--site-url", site_url)
    assert render(registry(tmp_path), *args) == 1
    err = capsys.readouterr().err
    assert "不能用于印制" in err
    assert "--preview" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_render_refuses_the_preview_address_from_mkdocs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reg = registry(tmp_path)
    (reg.parent / "mkdocs.yml").write_text("site_url: http://127.0.0.1:8000/\n", encoding="utf-8")
    out = tmp_path / "p.pdf"
    assert render(reg, "ZZ-PRK-0001", "--format", "pdf", "--out", str(out)) == 1
    assert "mkdocs.yml 中把 site_url" in capsys.readouterr().err
    assert not out.exists()


def test_preview_renders_a_local_address_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.svg"
    args = ["ZZ-PRK-0001", "--format", "svg", "--out", str(out), "--preview"]
    args += ["--site-url", "http://127.0.0.1:8000/"]
    assert render(registry(tmp_path), *args) == 0
    assert "仅供校样" in capsys.readouterr().err
    assert "127.0.0.1:8000/v/" in out.read_text(encoding="utf-8")


def test_no_site_address_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.svg"
    assert render(registry(tmp_path), "ZZ-PRK-0001", "--format", "svg", "--out", str(out)) == 1
    assert "--site-url" in capsys.readouterr().err
    assert not out.exists()


def test_record_without_plaque_says_to_issue_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.svg"
    reg = registry(tmp_path, UNIT_YAML)
    assert render(reg, "ZZ-PRK-0001", "--format", "svg", "--out", str(out), "--site-url", SITE) == 1
    err = capsys.readouterr().err
    assert "没有可印制的牌匾或证书" in err
    assert "shifan plaque issue ZZ-PRK-0001" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_voided_and_unknown_serials_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    voided = (
        UNIT_YAML
        + ISSUED
        + "  - {type: plaque_voided, date: 2025-01-05, serial: 42, reason: lost}\n"
    )
    reg = registry(tmp_path, voided)
    out = tmp_path / "p.svg"
    base = ("ZZ-PRK-0001", "--format", "svg", "--out", str(out), "--site-url", SITE)
    assert render(reg, *base, "--serial", "42") == 1
    assert "已于 2025-01-05 作废" in capsys.readouterr().err
    assert render(reg, *base, "--serial", "7") == 1
    assert "没有牌匾编号为 7 的" in capsys.readouterr().err
    assert render(reg, *base) == 1  # its only plaque is voided
    assert "没有可印制的牌匾或证书" in capsys.readouterr().err
    assert not out.exists()


def test_unknown_id_and_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reg = registry(tmp_path)
    args = ("--format", "svg", "--site-url", SITE)
    assert render(reg, "ZZ-ENT-9999", *args, "--out", str(tmp_path / "x.svg")) == 1
    assert "没有编号为 'ZZ-ENT-9999' 的示范单位或领军人物" in capsys.readouterr().err
    assert render(reg, "ZZ-PRK-0001", *args, "--out", str(tmp_path / "no" / "x.svg")) == 1
    assert "不存在" in capsys.readouterr().err


def test_token_for_another_record_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reg = registry(tmp_path, UNIT_YAML + ISSUED.replace(PARK_TOKEN, plaque_digits()))
    out = tmp_path / "p.svg"
    assert render(reg, "ZZ-PRK-0001", "--format", "svg", "--out", str(out), "--site-url", SITE) == 1
    assert "带的是 ZZ-ENT-0042 的令牌" in capsys.readouterr().err


def test_bad_format_is_a_usage_error(tmp_path: Path) -> None:
    out = str(tmp_path / "p.gif")
    assert render(registry(tmp_path), "ZZ-PRK-0001", "--format", "gif", "--out", out) == 2
    pdf = str(tmp_path / "p.pdf")
    reg = registry(tmp_path)
    assert render(reg, "ZZ-PRK-0001", "--format", "pdf", "--out", pdf, "--outlines") == 2
    assert not Path(pdf).exists()


def test_outlines_flag_draws_text_as_glyphs(tmp_path: Path) -> None:
    out = tmp_path / "p.svg"
    args = ("ZZ-PRK-0001", "--format", "svg", "--out", str(out), "--site-url", SITE)
    assert render(registry(tmp_path), *args, "--outlines") == 0
    svg = out.read_text(encoding="utf-8")
    assert "<text" not in svg
    assert 'aria-label="郑州示例电子商务产业园"' in svg


def test_revoked_unit_renders_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    revoked = (
        UNIT_YAML
        + ISSUED
        + ("  - {type: revoked, date: 2025-03-01, reason: illegal, document: 郑商务〔2025〕3号}\n")
    )
    out = tmp_path / "p.svg"
    args = ("ZZ-PRK-0001", "--format", "svg", "--out", str(out), "--site-url", SITE)
    assert render(registry(tmp_path, revoked), *args, "--today", "2025-06-01") == 0
    assert "在 2025-06-01 不持有称号 (已撤销)" in capsys.readouterr().err
    assert render(registry(tmp_path), *args, "--today", "2025-06-01") == 0
    assert "警告" not in capsys.readouterr().err


def test_the_award_printed_is_the_one_the_plaque_was_issued_under(tmp_path: Path) -> None:
    """After a revocation and a new award, the old plaque still names its own award's
    文号; a figure with no award event gets only its year (its token's date is 1 January)."""
    later = (
        UNIT_YAML
        + ISSUED
        + "  - {type: revoked, date: 2025-03-01, reason: illegal, document: 郑商务〔2025〕3号}\n"
        + "  - {type: awarded, date: 2029-05-20, document: 郑商务〔2029〕9号}\n"
    )
    out = tmp_path / "p.svg"
    args = ("ZZ-PRK-0001", "--format", "svg", "--out", str(out), "--site-url", SITE)
    assert render(registry(tmp_path, later), *args, "--today", "2029-06-01") == 0
    svg = out.read_text(encoding="utf-8")
    assert "认定文号：郑商务〔2024〕12号" in svg
    assert "2029" not in svg
    unnamed = FIGURE_YAML.replace(
        "  - {type: awarded, date: 2024-05-20, document: 郑商务〔2024〕13号}\n", ""
    )
    reg = small_registry(tmp_path / "f", {"figures/ZZ-FIG-0001.yaml": unnamed})
    assert render(reg, "ZZ-FIG-0001", "--format", "svg", "--out", str(out), "--site-url", SITE) == 0
    svg = out.read_text(encoding="utf-8")
    assert "认定年度：2024年" in svg
    assert "认定文号" not in svg
    assert "认定日期" not in svg
