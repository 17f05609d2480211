"""Signed plaques: the token format, ES256 keys, check codes, issuance, verdicts, S8xx checks.

`crypto` is the only module of shifan that imports `cryptography`; artwork lives in
`shifan.plaques`.
"""
