"""The site's published address (`site_url`): the one validator every entry point uses.

The address ends up in canonical links, the sitemap, feeds and every plaque's QR code, so
only a plain absolute web address is accepted: `http` or `https`, a host name (or IP), an
optional port and path — no credentials, query, fragment, spaces or other characters a
URL cannot hold unescaped. `--site-url` of `shifan build` and `shifan plaque render`,
`site_url` in mkdocs.yml, the plugin's `site_url` option and `SHIFAN_SITE_URL` all pass
through `check_site_url`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from shifan.errors import UsageError

HINT = "填写网站的正式发布地址，如 https://shifan.example.cn/（http 或 https，不带 ?查询）"
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9-]{1,63}\.?")
_IPV6 = re.compile(r"\[[0-9A-Fa-f:.]+\]")
# RFC 3986 path characters (unreserved, sub-delims, ':', '@', '/', percent escapes).
_PATH = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*")


class BadSiteUrl(UsageError):
    """A site address that is not a plain absolute http(s) URL (exit 2)."""


def site_url_problem(url: str) -> str | None:
    """Why `url` is not an acceptable site address, or None when it is."""
    if not url.isascii() or not url.isprintable() or any(c.isspace() for c in url):
        return (
            "含空格、控制字符或非 ASCII 字符，请先百分号编码"
            "（it holds spaces, control or non-ASCII characters）"
        )
    scheme, sep, _ = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return "不是以 http:// 或 https:// 开头的绝对地址（it is not an http(s) address）"
    if "?" in url or "#" in url:
        return "带有查询（?…）或片段（#…）（it has a query or fragment）"
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return "不是格式正确的网址（it is not a well-formed URL）"
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        return "含用户名或密码（it carries a user name or password）"
    host = parts.netloc
    if host.startswith("["):
        match = _IPV6.match(host)
        name, port = (match.group(0), host[match.end() :]) if match else ("", host)
    else:
        name, _, port_digits = host.partition(":")
        port = f":{port_digits}" if ":" in host else ""
    if not name or not (_HOST.fullmatch(name) or _IPV6.fullmatch(name)):
        return "没有有效的主机名（it has no valid host name）"
    if port and not (re.fullmatch(r":[0-9]{1,5}", port) and 0 < int(port[1:]) < 65536):
        return "端口不是 1 到 65535 之间的数字（its port is not a number from 1 to 65535）"
    if not _PATH.fullmatch(parts.path):
        return (
            "路径含有网址中须编码的字符（its path holds characters a URL cannot carry unescaped）"
        )
    return None


def check_site_url(url: str, *, source: str = "网站地址") -> str:
    """`url` unchanged if it is an acceptable site address; else a `BadSiteUrl` (exit 2)."""
    problem = site_url_problem(url)
    if problem is not None:
        raise BadSiteUrl(f"{source} {url!r} 不可用（is refused）：{problem}", hint=HINT)
    return url
