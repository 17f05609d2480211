"""End to end: a demo plaque rendered by `shifan plaque render` scans and verifies."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from shifan.cli import main
from support import REPO

REGISTRY = str(REPO / "registry")
TODAY = "2026-11-27"


def render(unit: str, out: Path) -> None:
    args = ["plaque", "render", unit, "--format", "png", "--out", str(out), "--module-px", "4",
            "--site-url", "https://shifan.example.cn/", "--registry", REGISTRY]  # fmt: skip
    assert main(args) == 0


def verify(path: Path) -> int:
    return main(["verify", str(path), "--registry", REGISTRY, "--today", TODAY])


@pytest.mark.parametrize(
    ("unit", "exit_code"),
    [("ZZ-ENT-0012", 0), ("ZZ-ENT-0004", 5)],  # demo key 2 valid; a revoked unit
)
def test_rendered_demo_plaque_verifies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], unit: str, exit_code: int
) -> None:
    png = tmp_path / "plaque.png"
    render(unit, png)
    capsys.readouterr()
    assert verify(png) == exit_code
    assert unit in capsys.readouterr().out


def test_photographed_plaque_still_scans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "plaque.png"
    render("ZZ-PRK-0001", png)  # demo key 1, retired in 2022: genuine and valid (exit 3)
    rng = random.Random(4)
    with Image.open(png) as image:
        gray = image.convert("L")
    for scale, blur in ((0.75, 1.0), (0.5, 0.6)):
        size = (int(gray.width * scale), int(gray.height * scale))
        shot = gray.resize(size, Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(blur))
        pixels = shot.load()
        assert pixels is not None
        for _ in range(size[0] * size[1] // 50):  # 2 % salt-and-pepper noise
            xy = (rng.randrange(size[0]), rng.randrange(size[1]))
            pixels[xy] = rng.choice((0, 255))
        photo = tmp_path / f"photo-{scale}.png"
        shot.save(photo)
        assert verify(photo) == 3
    assert "valid_retired_key" in capsys.readouterr().out
