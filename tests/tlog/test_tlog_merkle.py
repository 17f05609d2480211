"""RFC 9162 hashing and proofs, with pymerkle (an independent implementation) as the oracle."""

from __future__ import annotations

import warnings

from hypothesis import given, settings
from hypothesis import strategies as st
from pymerkle import InmemoryTree  # type: ignore[import-untyped]

from shifan.tlog import merkle


def leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(f"entry {i}".encode()) for i in range(n)]


def test_root_matches_an_independent_implementation() -> None:
    for n in range(1, 40):
        tree = InmemoryTree(algorithm="sha256")
        for i in range(n):
            tree.append_entry(f"entry {i}".encode())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            assert merkle.root(leaves(n)) == tree.get_state(), n


def test_known_answer_of_rfc_9162_hashing() -> None:
    # The empty tree is SHA-256 of nothing; one leaf is its leaf hash (0x00 prefix).
    assert merkle.root([]).hex().startswith("e3b0c442")
    assert merkle.root([merkle.leaf_hash(b"")]).hex().startswith("6e340b9c")


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 70), data=st.data())
def test_every_inclusion_proof_holds_and_a_tampered_one_fails(n: int, data: st.DataObject) -> None:
    hashes = leaves(n)
    root, paths = merkle.all_inclusion_paths(hashes)
    assert root == merkle.root(hashes)
    i = data.draw(st.integers(0, n - 1))
    assert paths[i] == merkle.inclusion_path(i, hashes)
    assert merkle.verify_inclusion(i, n, hashes[i], paths[i], root)
    assert not merkle.verify_inclusion(i, n, merkle.leaf_hash(b"forged"), paths[i], root)
    if paths[i]:
        bad = list(paths[i])
        bad[data.draw(st.integers(0, len(bad) - 1))] = b"\x00" * 32
        assert not merkle.verify_inclusion(i, n, hashes[i], bad, root)
        assert not merkle.verify_inclusion(i, n, hashes[i], paths[i][:-1], root)
    if n > 1:
        other = (i + 1) % n
        assert not merkle.verify_inclusion(other, n, hashes[i], paths[i], root)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 70), data=st.data())
def test_consistency_proofs_hold_for_prefixes_and_fail_for_forks(
    n: int, data: st.DataObject
) -> None:
    hashes = leaves(n)
    m = data.draw(st.integers(1, n))
    proof = merkle.consistency_proof(m, hashes)
    old_root, new_root = merkle.root(hashes[:m]), merkle.root(hashes)
    assert merkle.verify_consistency(m, n, old_root, new_root, proof)
    forked = list(hashes[:m])
    forked[data.draw(st.integers(0, m - 1))] = merkle.leaf_hash(b"rewritten")
    assert not merkle.verify_consistency(m, n, merkle.root(forked), new_root, proof)
    if m < n:
        assert not merkle.verify_consistency(m, n, old_root, merkle.root(hashes[:-1]), proof)
