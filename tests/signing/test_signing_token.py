"""The token codec: layout, decimal text form, and rejection of anything malformed."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shifan.model import EnterpriseClass, Level, PlaqueForm
from shifan.signing.crypto import SigningKey
from shifan.signing.token import (
    CLASSES,
    CONTEXT,
    KINDS,
    LEVELS,
    MalformedToken,
    Token,
    encode_payload,
    from_digits,
    parse,
    seal,
    to_digits,
)

KEY = SigningKey.derive_insecure("test_plaques_token")
PUBLIC = KEY.public_key()


def payload(**overrides: object) -> bytes:
    fields: dict[str, object] = {
        "form": PlaqueForm.PLAQUE,
        "kid": 1,
        "serial": 42,
        "kind": "enterprise",
        "enterprise_class": EnterpriseClass.SERVICE,
        "level": Level.MUNICIPAL,
        "awarded": dt.date(2024, 5, 10),
        "valid_until": dt.date(2026, 5, 10),
        "subject": "ZZ-ENT-0042",
    }
    fields.update(overrides)
    return encode_payload(**fields)  # type: ignore[arg-type]


def test_layout_matches_the_spec_byte_for_byte() -> None:
    data = payload()
    assert data[0] == 0x10  # version 1, form plaque
    assert data[1:3] == b"\x00\x01"
    assert data[3:7] == (42).to_bytes(4, "big")
    assert data[7] == (1 << 5) | (4 << 2) | 0  # enterprise, service, municipal
    assert int.from_bytes(data[8:10], "big") == (dt.date(2024, 5, 10) - dt.date(2000, 1, 1)).days
    assert int.from_bytes(data[10:12], "big") == 9626
    assert data[12] == 11
    assert data[13:] == b"ZZ-ENT-0042"
    token = seal(data, KEY.sign)
    assert len(token.to_bytes()) == 88
    assert len(token.to_digits()) == 220


def test_figure_certificate_has_no_review_date() -> None:
    data = payload(
        form=PlaqueForm.CERTIFICATE,
        kind="figure",
        enterprise_class=None,
        valid_until=None,
        subject="ZZ-FIG-0001",
    )
    assert data[0] == 0x11
    assert data[10:12] == b"\xff\xff"
    token = parse(data + bytes(64))
    assert token.valid_until is None
    assert token.kind == "figure"


def test_signature_covers_context_and_payload() -> None:
    data = payload()
    token = seal(data, KEY.sign)
    assert token.signed_input == CONTEXT + data
    assert PUBLIC.verify(token.signature, CONTEXT + data)
    assert not PUBLIC.verify(token.signature, data)


def test_digits_chunk_widths() -> None:
    assert to_digits(b"\xff") == "255"
    assert to_digits(b"\x00\x01") == "00001"
    assert to_digits(b"\xff" * 6) == str(2**48 - 1)
    assert to_digits(b"\x00" * 7) == "0" * 15 + "000"
    for n in range(1, 40):
        data = bytes(range(n))
        assert from_digits(to_digits(data)) == data


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "empty"),
        ("12a", "digits 0–9"),
        ("１２３", "digits 0–9"),
        ("1234567", "not the length"),
        ("256", "do not fit"),
        ("9" * 15, "do not fit"),
    ],
)
def test_bad_digits_are_malformed(text: str, match: str) -> None:
    with pytest.raises(MalformedToken, match=match):
        parse(text)


@pytest.mark.parametrize(
    ("offset", "value", "match"),
    [
        (0, 0x20, "version"),
        (0, 0x12, "form"),
        (7, 5 << 5, "title"),
        (7, 5 << 2, "title"),
        (7, 3, "title"),
        (12, 0, "id length"),
        (12, 33, "id length"),
        (12, 10, "does not match"),
        (13, ord("z"), "A–Z"),
        (3, 0, None),
    ],
)
def test_bad_fields_are_malformed(offset: int, value: int, match: str | None) -> None:
    data = bytearray(payload(serial=1) + bytes(64))
    data[offset] = value
    if offset == 3:
        data[3:7] = bytes(4)
        match = "serial 0"
    with pytest.raises(MalformedToken, match=match):
        parse(bytes(data))


def test_encode_refuses_out_of_range_fields() -> None:
    with pytest.raises(MalformedToken, match="kid"):
        payload(kid=70000)
    with pytest.raises(MalformedToken, match="serial"):
        payload(serial=0)
    with pytest.raises(MalformedToken, match="id"):
        payload(subject="zz-ent-1")
    with pytest.raises(MalformedToken, match="id"):
        payload(subject="A" * 33)
    with pytest.raises(MalformedToken, match="award date"):
        payload(awarded=dt.date(1999, 12, 31))


subjects = st.from_regex(r"[A-Z0-9-]{1,32}", fullmatch=True)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2179, 6, 5))


@st.composite
def tokens(draw: st.DrawFn) -> Token:
    data = encode_payload(
        form=draw(st.sampled_from([PlaqueForm.PLAQUE, PlaqueForm.CERTIFICATE])),
        kid=draw(st.integers(0, 0xFFFF)),
        serial=draw(st.integers(1, 0xFFFFFFFF)),
        kind=draw(st.sampled_from(KINDS)),
        enterprise_class=draw(st.sampled_from(CLASSES)),
        level=draw(st.sampled_from(LEVELS)),
        awarded=draw(days),
        valid_until=draw(st.none() | days),
        subject=draw(subjects),
    )
    return seal(data, KEY.sign)


@settings(deadline=None)
@given(tokens())
def test_round_trip_for_arbitrary_fields(token: Token) -> None:
    again = parse(token.to_digits())
    assert again == token
    assert parse(token.to_bytes()) == token
    assert again.payload + again.signature == token.to_bytes()
    assert PUBLIC.verify(again.signature, again.signed_input)


@settings(deadline=None)
@given(tokens(), st.data())
def test_any_single_bit_flip_is_rejected(token: Token, data: st.DataObject) -> None:
    raw = bytearray(token.to_bytes())
    bit = data.draw(st.integers(0, len(raw) * 8 - 1))
    raw[bit // 8] ^= 0x80 >> (bit % 8)
    try:
        flipped = parse(bytes(raw))
    except MalformedToken:
        return
    assert not PUBLIC.verify(flipped.signature, flipped.signed_input)


@settings(deadline=None)
@given(tokens(), st.data())
def test_any_truncation_is_rejected(token: Token, data: st.DataObject) -> None:
    raw = token.to_bytes()
    cut = data.draw(st.integers(0, len(raw) - 1))
    with pytest.raises(MalformedToken):
        parse(raw[:cut])
    digits = token.to_digits()
    cut_digits = data.draw(st.integers(0, len(digits) - 1))
    try:
        shorter = parse(digits[:cut_digits])
    except MalformedToken:
        return
    assert not PUBLIC.verify(shorter.signature, shorter.signed_input)
