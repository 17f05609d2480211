"""Every refusal of `plaque issue|void|render` and `keygen` speaks Chinese to the clerk.

Each case drives the real CLI into one error path on a throwaway repository (ephemeral keys
in a folder outside it) and checks that the message and its hint are Simplified Chinese,
that no traceback shows, and that nothing was written. The successful outputs are Chinese
too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from shifan.cli import main
from support_signing import PENDING_YAML, signing_registry

UNIT = "ZZ-PRK-0001"
UNIT_FILE = "units/park/ZZ-PRK-0001.yaml"
SITE = "https://zzsw.example.cn"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Repo:
    root: Path
    registry: Path
    key: Path
    secret: Path

    def run(self, *args: str) -> int:
        return main([*args, "--registry", str(self.registry)])

    def issue(self, *more: str, subject: str = UNIT, today: str = "2024-06-02") -> int:
        return self.run("plaque", "issue", subject, "--key", str(self.key), "--today", today,
                        *more)  # fmt: skip

    def render(self, *more: str, record: str = UNIT) -> int:
        out = str(self.root / "out.svg")
        return self.run("plaque", "render", record, "--format", "svg", "--out", out, *more)

    def keygen(self, kid: str, out: Path, *more: str) -> int:
        return main(["keygen", "--kid", kid, "--out", str(out), "--keys",
                     str(self.root / "keys"), "--today", "2024-01-01", *more])  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    root = tmp_path / "repo"
    registry = signing_registry(root)
    (root / ".git").mkdir()  # a git work tree, as the bureau's checkout is
    secret = tmp_path / "secret"
    secret.mkdir()
    key = secret / "1.pem"
    repo = Repo(root=root, registry=registry, key=key, secret=secret)
    assert repo.keygen("1", key, "--not-before", "2024-01-01") == 0
    return repo


def _issued(repo: Repo) -> Repo:
    assert repo.issue() == 0
    return repo


def _corrupt_roster(repo: Repo) -> None:
    path = repo.registry / UNIT_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("level: municipal", "level: city"),
                    encoding="utf-8")  # fmt: skip


def _with_token_of_another_record(repo: Repo) -> None:
    _issued(repo)
    found = re.search(r"token: \"?'?(\d+)", (repo.registry / UNIT_FILE).read_text())
    assert found is not None
    issued = "  - {type: plaque_issued, date: 2024-06-02, serial: 2, kid: '1', "
    issued += f"token: '{found.group(1)}'}}\n"
    path = repo.registry / "units/enterprise/ZZ-ENT-0009.yaml"
    path.write_text(PENDING_YAML + issued, encoding="utf-8")


def _nothing(repo: Repo) -> None:
    return None


def _void(repo: Repo) -> None:
    _issued(repo)
    assert repo.run("plaque", "void", "1", "--reason", "lost", "--today", "2024-06-03") == 0


def _retire_key(repo: Repo) -> None:
    path = repo.root / "keys" / "1.json"
    path.write_text(path.read_text().replace('"active"', '"retired"'))


def _unpublish_key(repo: Repo) -> None:
    (repo.root / "keys" / "1.json").rename(repo.root / "keys" / "1.json.off")


def _bad_key_file(repo: Repo) -> None:
    (repo.secret / "bad.pem").write_text("not a key")


def _mkdocs(text: str) -> Callable[[Repo], None]:
    def setup(repo: Repo) -> None:
        _issued(repo)
        (repo.root / "mkdocs.yml").write_text(text)

    return setup


def _issue_with(key: str) -> Callable[[Repo], int]:
    return lambda r: r.run("plaque", "issue", UNIT, "--key", str(r.secret / key),
                           "--today", "2024-06-02")  # fmt: skip


Setup = Callable[[Repo], object]
Act = Callable[[Repo], int]
CASES: dict[str, tuple[Setup, Act]] = {
    # plaque issue
    "issue: the roster has errors": (_corrupt_roster, lambda r: r.issue()),
    "issue: passphrase variable unset": (
        _nothing, lambda r: r.issue("--passphrase-env", "SHIFAN_NO_SUCH_VAR")),
    "issue: key file missing": (_nothing, _issue_with("none.pem")),
    "issue: not a key": (_bad_key_file, _issue_with("bad.pem")),
    "issue: no such record": (_nothing, lambda r: r.issue(subject="ZZ-ENT-0404")),
    "issue: a figure gets no plaque": (
        _nothing, lambda r: r.issue("--form", "plaque", subject="ZZ-FIG-0001")),
    "issue: title not held": (_nothing, lambda r: r.issue(subject="ZZ-ENT-0009")),
    "issue: already has one": (_issued, lambda r: r.issue()),
    "issue: key not published": (_unpublish_key, lambda r: r.issue()),
    "issue: key retired": (_retire_key, lambda r: r.issue()),
    "issue: key not yet valid": (_nothing, lambda r: r.issue(today="2023-12-01")),
    "issue: not a date": (_nothing, lambda r: r.issue(today="2024-13-01")),
    "issue: no registry folder": (_nothing, lambda r: main(
        ["plaque", "issue", UNIT, "--key", str(r.key), "--registry", str(r.root / "nope")])),
    # plaque void
    "void: no registry folder": (_nothing, lambda r: main(
        ["plaque", "void", "1", "--reason", "lost", "--registry", str(r.root / "nope")])),
    "void: mistyped check code": (
        _nothing, lambda r: r.run("plaque", "void", "000-049-2", "--reason", "lost")),
    "void: no such serial": (_nothing, lambda r: r.run("plaque", "void", "7", "--reason", "lost")),
    "void: already voided": (
        _void, lambda r: r.run("plaque", "void", "1", "--reason", "lost", "--today", "2024-06-03")),
    "void: the roster has errors": (
        _corrupt_roster, lambda r: r.run("plaque", "void", "1", "--reason", "lost")),
    # plaque render
    "render: module px": (_issued, lambda r: r.render("--module-px", "0")),
    "render: outlines on a PDF": (_issued, lambda r: r.run(
        "plaque", "render", UNIT, "--format", "pdf", "--out", str(r.root / "p.pdf"), "--outlines")),
    "render: no such record": (
        _nothing, lambda r: r.render("--site-url", SITE, record="ZZ-ENT-0404")),
    "render: nothing issued": (_nothing, lambda r: r.render("--site-url", SITE)),
    "render: unknown serial": (_issued, lambda r: r.render("--site-url", SITE, "--serial", "9")),
    "render: voided serial": (_void, lambda r: r.render("--site-url", SITE, "--serial", "1")),
    "render: token of another record": (
        _with_token_of_another_record,
        lambda r: r.render("--site-url", SITE, record="ZZ-ENT-0009")),
    "render: local address": (
        _issued, lambda r: r.render("--site-url", "http://127.0.0.1:8000/")),
    "render: no mkdocs.yml": (_issued, lambda r: r.render()),
    "render: mkdocs.yml without site_url": (_mkdocs("site_name: x\n"), lambda r: r.render()),
    "render: unreadable mkdocs.yml": (_mkdocs("site_url: [\n"), lambda r: r.render()),
    "render: output folder missing": (_issued, lambda r: r.run(
        "plaque", "render", UNIT, "--format", "svg", "--site-url", SITE,
        "--out", str(r.root / "no" / "p.svg"))),
    # keygen
    "keygen: bad kid": (_nothing, lambda r: r.keygen("0", r.secret / "0.pem")),
    "keygen: kid taken": (_nothing, lambda r: r.keygen("1", r.secret / "other.pem")),
    "keygen: folder missing": (_nothing, lambda r: r.keygen("2", r.secret / "no" / "2.pem")),
    "keygen: file exists": (_nothing, lambda r: r.keygen("2", r.key)),
    "keygen: inside the repository": (_nothing, lambda r: r.keygen("2", r.root / "2.pem")),
    "keygen: passphrase variable unset": (_nothing, lambda r: r.keygen(
        "2", r.secret / "2.pem", "--passphrase-env", "SHIFAN_NO_SUCH_VAR")),
}  # fmt: skip


def _files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _chinese_refusal(err: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "no message"
    message = lines[0]
    assert message.startswith("shifan: ")
    assert CJK.search(message), message
    hints = [line for line in lines if line.strip().startswith(("hint:", "提示"))]
    for hint in hints:
        assert CJK.search(hint), hint


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_refusal_is_in_chinese(
    repo: Repo, case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SHIFAN_NO_SUCH_VAR", raising=False)
    setup, act = CASES[case]
    setup(repo)
    capsys.readouterr()
    before = _files(repo.root.parent)
    code = act(repo)
    err = capsys.readouterr().err
    assert code in (1, 2), err
    _chinese_refusal(err)
    after = _files(repo.root.parent)
    assert [p for p in after if after[p] != before.get(p) and p.name != ".shifan.lock"] == []


@pytest.mark.parametrize(
    ("variable", "value"),
    [("SHIFAN_CJK_FONT", "/no/such/font.ttc"), ("SHIFAN_CJK_FONT", "/x.ttc#one")],
)
def test_font_errors_are_in_chinese(
    repo: Repo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
) -> None:
    _issued(repo)
    monkeypatch.setenv(variable, value)
    capsys.readouterr()
    assert repo.render("--site-url", SITE) == 1
    _chinese_refusal(capsys.readouterr().err)


def test_outputs_and_warnings_are_in_chinese(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert repo.keygen("2", repo.secret / "2.pem", "--demo") == 0
    out = capsys.readouterr().out
    assert "私钥" in out
    assert "公钥" in out
    assert repo.issue() == 0
    out = capsys.readouterr().out
    assert "已发放牌匾" in out
    assert "核验码 000-001-" in out
    assert repo.render("--site-url", "http://127.0.0.1:8000/", "--preview") == 0
    captured = capsys.readouterr()
    assert "已写入" in captured.out
    assert "仅供校样" in captured.err
    assert repo.run("plaque", "void", "1", "--reason", "lost", "--today", "2024-06-03") == 0
    assert "已作废" in capsys.readouterr().out
