"""`shifan verify URL|TOKEN|IMAGE`: the offline verdict on a plaque; an exit code per verdict."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

from shifan.assessment import Assessment, assess
from shifan.commands.common import add_registry_args, today_from
from shifan.documents import BadDocument, parse_status, parse_token_of_lookup, status_document
from shifan.errors import ShifanError, UsageError
from shifan.model import Loc
from shifan.paths import plaque_api, status_api
from shifan.signing.checkcode import BadCheckCode, check_code, parse_check_code
from shifan.signing.fetch import DEFAULT_DEADLINE, Deadline, fetch, read_file
from shifan.signing.keys import KeyRecord, load_keys, parse_key
from shifan.signing.token import FIGURE, Token
from shifan.signing.verify import VERDICTS, StatusDoc, StatusSource, VerdictCode, verify_token

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"})


def _epilog() -> str:
    rows = "\n".join(
        f"  {info.exit_code:>2}  {code.value:<18} {info.page_name:<16} {info.label}"
        for code, info in sorted(VERDICTS.items(), key=lambda item: item[1].exit_code)
    )
    return (
        "exit codes (verdict, verify page name, meaning):\n"
        f"{rows}\n   1  (error)            could not verify (status unreadable, …)\n"
        "   2  (usage)            bad command line\n\n"
        "Checks run in the order of docs/token.md (Verdicts); the first failing check decides."
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="verify a plaque's QR (URL, token digits or image); exit code per verdict",
        description=(
            "Check a plaque/certificate token offline: decode it (an image is read with "
            "zxing-cpp), verify its ES256 signature against the key set, and judge it by "
            "the subject's status: from the local roster by default, or from a built or "
            "published site's status JSON (--status)."
        ),
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "code", metavar="URL|TOKEN|IMAGE|CHECK_CODE", help="also a typed check code, e.g. 000-042-7"
    )
    parser.add_argument(
        "--keys",
        metavar="DIR|FILE",
        help="keys/ folder or a keys.json file (default: the registry's ../keys)",
    )
    parser.add_argument(
        "--status",
        metavar="FILE|DIR|URL",
        help="a status JSON file, a built site folder, or a site URL (https; http only for "
        "127.0.0.1/localhost) instead of the local roster",
    )
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        default=DEFAULT_DEADLINE,
        help=f"give up on a --status URL after this long in all (default {DEFAULT_DEADLINE:g})",
    )
    add_registry_args(parser)
    parser.set_defaults(func=run)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"not a number of seconds from 0 to 3600: {text!r}")
    return value


# ---------------------------------------------------------------------------- input


def digits_from_text(text: str) -> str:
    """The token digits of a verify URL (its fragment) or of bare digits."""
    text = text.strip()
    if "#" in text:
        text = urllib.parse.unquote(text.rsplit("#", 1)[1])
    return "".join(text.split())


MAX_IMAGE_PIXELS = 50_000_000  # a 50-megapixel phone photo; far more than a QR needs


def decode_image(path: Path) -> str:
    """The text of the first QR code in an image, read with zxing-cpp.

    The image's size is checked from its header before any pixel is decoded, so a
    decompression bomb or a huge image is refused instead of filling the memory.
    """
    import warnings

    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise UsageError(
                        f"image {path} is too large to read: {width}×{height} pixels "
                        f"(at most {MAX_IMAGE_PIXELS // 1_000_000} million)",
                        hint="crop or scale the photo to the QR code and try again",
                    )
                image.load()
                results = zxingcpp.read_barcodes(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UsageError(
            f"image {path} is too large to read (a decompression bomb?)",
            hint="crop or scale the photo to the QR code and try again",
        ) from None
    except (OSError, UnidentifiedImageError, ValueError, MemoryError) as exc:
        raise UsageError(f"cannot read image {path}: {exc}") from None
    texts = [r.text for r in results if "QR" in str(r.format).upper()]
    if not texts:
        raise UsageError(f"no QR code found in {path}", hint="photograph the QR flat and sharp")
    with_token = [t for t in texts if "#" in t]
    return (with_token or texts)[0]


CHECK_CODE = re.compile(r"[0-9][0-9\s\-－]{5,13}[0-9]")


def _is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def serial_token(
    serial: int, spec: str | None, registry: Path, today: dt.date, deadline: Deadline | None = None
) -> str | None:
    """The token of plaque `serial`: `/api/plaques/<serial>.json` of a site, or the roster."""
    rel = plaque_api(serial)
    data: bytes | None = None
    if spec and _is_url(spec):
        data = fetch(urllib.parse.urljoin(spec.rstrip("/") + "/", rel), deadline or Deadline())
    elif spec and Path(spec).is_dir():
        data = read_file(Path(spec) / rel)
    elif spec:
        raise UsageError("a check code needs --status DIR or URL (a site), or the local roster")
    else:
        found = assess(registry, None, today).plaque(serial)
        return found[0][1].token if len(found) == 1 else None
    if data is None:
        return None
    return parse_token_of_lookup(data, rel)


def read_code(code: str) -> str:
    path = Path(code)
    if path.suffix.lower() in IMAGE_SUFFIXES:
        if not path.is_file():
            raise UsageError(f"image not found: {code}")
        return digits_from_text(decode_image(path))
    return digits_from_text(code)


# ---------------------------------------------------------------------------- keys and status


def load_key_set(spec: str | None, registry: Path) -> list[KeyRecord]:
    path = Path(spec) if spec else registry.parent / "keys"
    if path.is_file():
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            jwks = doc["keys"] if isinstance(doc, dict) else None
            if not isinstance(jwks, list):
                raise ValueError('no "keys" list')
            return [parse_key(json.dumps(jwk), Loc(path.as_posix())) for jwk in jwks]
        except (OSError, ValueError, KeyError) as exc:
            raise UsageError(f"{path}: not a keys.json document: {exc}") from None
    if not path.is_dir():
        raise UsageError(f"key set not found: {path}", hint="pass --keys DIR or a keys.json")
    keys, problems = load_keys(path)
    for problem in problems:
        print(f"note: {problem.loc}: {problem.message}")
    return keys


def _api_path(token: Token) -> str:
    return status_api(token.subject, figure=token.kind == FIGURE)


def _json_doc(data: bytes, where: str) -> StatusDoc:
    try:
        return parse_status(data, where)
    except BadDocument as exc:
        raise ShifanError(exc.message, hint="is it a status document of a shifan site?") from None


def remote_source(spec: str, deadline: Deadline | None = None) -> StatusSource:
    """Status documents from a site URL, a built site folder or one status JSON file."""
    limit = deadline or Deadline()

    def lookup(token: Token) -> StatusDoc | None:
        if _is_url(spec):
            url = (
                spec
                if spec.endswith(".json")
                else urllib.parse.urljoin(spec.rstrip("/") + "/", _api_path(token))
            )
            data = fetch(url, limit)
            return None if data is None else _json_doc(data, url)
        path = Path(spec)
        if path.is_dir():
            path = path / _api_path(token)
            found = read_file(path)
            return None if found is None else _json_doc(found, str(path))
        data = read_file(path)
        if data is None:
            raise ShifanError(f"cannot read status {path}: no such file")
        return _json_doc(data, str(path))

    return lookup


def roster_source(registry: Path, keys_dir: Path | None, today: dt.date) -> StatusSource:
    """Status documents from the local roster's assessment (made once, on first use)."""
    made: list[Assessment] = []

    def lookup(token: Token) -> StatusDoc | None:
        if not made:
            made.append(assess(registry, keys_dir, today))
        return status_document(made[0], token.subject, site_url="/")

    return lookup


# ---------------------------------------------------------------------------- output


def _age(status: StatusDoc | None, today: dt.date) -> str:
    if status is None:
        return "status: none"
    days = (today - status.as_of).days
    age = "today" if days == 0 else f"{days} day(s) old" if days > 0 else "in the future"
    return f"status as of {status.as_of} ({age})"


def _clean(text: object) -> str:
    """Untrusted text (the status may come from the network) made safe for a terminal."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(text))


def run(args: argparse.Namespace) -> int:
    today = today_from(args)
    deadline = Deadline(args.timeout)
    if CHECK_CODE.fullmatch(args.code.strip()):
        try:
            serial = parse_check_code(args.code)
        except BadCheckCode as exc:
            print(f"malformed: {VERDICTS[VerdictCode.MALFORMED].label}\n  {exc.message}")
            return VERDICTS[VerdictCode.MALFORMED].exit_code
        found = serial_token(serial, args.status, args.registry, today, deadline)
        if found is None:
            info = VERDICTS[VerdictCode.NOT_ON_RECORD]
            print(f"not_on_record: 名录中没有校验码为 {check_code(serial)} 的牌匾或证书")
            return info.exit_code
        print(f"check code {check_code(serial)} → serial {serial}")
        digits = found
    else:
        digits = read_code(args.code)
    keys = load_key_set(args.keys, args.registry)
    keys_dir = Path(args.keys) if args.keys and Path(args.keys).is_dir() else None
    source = (
        remote_source(args.status, deadline)
        if args.status
        else roster_source(args.registry, keys_dir, today)
    )
    verdict = verify_token(digits, keys, source, today)
    info = verdict.info
    print(f"{verdict.code.value}: {info.label}")
    print(f"  {_clean(verdict.detail)}")
    if verdict.token is not None:
        token = verdict.token
        name = verdict.status.name if verdict.status else None
        print(
            f"  {token.form} serial {token.serial} for {token.subject}"
            + (f" ({_clean(name)})" if name else "")
            + f", key {token.kid}"
        )
    if verdict.status is not None or info.genuine:
        print(f"  {_clean(_age(verdict.status, today))}")
    for note in verdict.notes:
        print(f"  note: {_clean(note)}")
    return verdict.exit_code
