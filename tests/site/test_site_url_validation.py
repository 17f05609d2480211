"""The site address: one validator for `build --site-url`, `plaque render --site-url`,
mkdocs.yml's `site_url`, the plugin option and `SHIFAN_SITE_URL`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.cli import main
from shifan.errors import UsageError
from shifan.urls import check_site_url, site_url_problem
from support import REPO, SITE_TODAY

BAD_URLS = [
    "javascript:alert(1)",
    "javascript://example.cn/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://shifan.example.cn/",
    "file:///etc/passwd",
    "shifan.example.cn",
    "//shifan.example.cn/",
    "/relative/path/",
    "https://",
    "https:///path",
    "https://shifan example.cn/",
    "https://shifan.example.cn/a b/",
    " https://shifan.example.cn/",
    "https://shifan.example.cn/\n",
    "https://shifan.example.cn/\t",
    "https://user:secret@shifan.example.cn/",
    "https://user@shifan.example.cn/",
    "https://shifan.example.cn/?q=1",
    "https://shifan.example.cn/?",
    "https://shifan.example.cn/#top",
    "https://shifan.example.cn:0/",
    "https://shifan.example.cn:99999/",
    "https://shifan.example.cn:port/",
    'https://shifan.example.cn/"onmouseover=alert(1)',
    "https://shifan.example.cn/<script>",
    "https://shifan.example.cn/{{ config }}",
    "https://示范.example.cn/",
    "https://shifan.example.cn/%zz",
    "https://-bad-.example.cn/",
    "",
]
GOOD_URLS = [
    "https://shifan.example.cn/",
    "https://shifan.example.cn",
    "http://127.0.0.1:8000/",
    "https://shifan.example.org/zz",
    "https://www.zhengzhou.gov.cn/shifan/%E5%90%8D%E5%BD%95/",
    "http://[::1]:8000/",
    "HTTPS://Shifan.Example.CN/",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_build_refuses_a_site_url_that_is_not_a_plain_http_address(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--site-url javascript:…` became `<link rel="canonical" href="javascript:…">`."""
    out = tmp_path / "site"
    args = ["build", "--registry", str(REPO / "registry"), "--keys", str(REPO / "keys")]
    args += ["--today", SITE_TODAY, "--out", str(out), "--site-url", url]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "is refused" in err
    assert "提示：" in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("url", BAD_URLS[:8])
def test_plaque_render_refuses_the_same_site_urls(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.svg"
    args = ["plaque", "render", "ZZ-ENT-0001", "--format", "svg", "--out", str(out)]
    args += ["--site-url", url, "--registry", str(REPO / "registry")]
    assert main(args) == 2
    assert "is refused" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("url", GOOD_URLS)
def test_plain_http_addresses_are_accepted_unchanged(url: str) -> None:
    assert check_site_url(url) == url


@pytest.mark.parametrize("url", BAD_URLS)
def test_the_validator_raises_a_usage_error(url: str) -> None:
    with pytest.raises(UsageError, match="is refused"):
        check_site_url(url)


@settings(max_examples=400)
@given(
    st.one_of(
        st.text(max_size=40),
        st.builds(
            lambda scheme, rest: scheme + rest,
            st.sampled_from(["http://", "https://", "HTTP://", "javascript:", "data:", "ftp://"]),
            st.text(max_size=30),
        ),
    )
)
def test_anything_accepted_is_a_plain_absolute_http_address(url: str) -> None:
    if site_url_problem(url) is not None:
        return
    parts = urlsplit(url)
    assert parts.scheme.lower() in ("http", "https")
    assert parts.hostname
    assert parts.username is None
    assert parts.password is None
    assert not {"?", "#"} & set(url)
    assert url.isascii()
    assert url.isprintable()
    assert not any(c.isspace() for c in url)
    assert not set(url) & set('"<>\\`{}|^')


def test_the_plugin_refuses_a_bad_site_url_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    monkeypatch.setenv("SHIFAN_REGISTRY", str(REPO / "registry"))
    monkeypatch.setenv("SHIFAN_KEYS", str(REPO / "keys"))
    monkeypatch.setenv("SHIFAN_TODAY", SITE_TODAY)
    monkeypatch.setenv("SHIFAN_SITE_URL", "javascript:alert(1)")
    config = load_config(str(REPO / "mkdocs.yml"))
    plugin = config.plugins["shifan"]
    with pytest.raises(PluginError, match="is refused"):
        plugin.on_config(config)
