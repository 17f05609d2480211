"""The policy's validation rules, one small pure module each.

Every public module here exposes `check(roster, cal, today) -> Iterable[Problem]`;
`shifan.validate.validate` discovers and runs them all. Modules whose name starts with `_`
are helpers. Codes are documented in `docs/problems.md`.
"""
