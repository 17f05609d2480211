"""The tamper-evident public log: entries in the repository, an RFC 9162 Merkle tree over
them, a checkpoint in signed-note form, and an inclusion proof in each record's status JSON.

`entries` (what an event's entry says, and matching them), `merkle` (hashes and proofs),
`note` (the checkpoint and the log key), `store` (the repository's log files), `publish`
(the site's log files and proofs) and `audit` (`shifan log verify`). See docs/log.md.
"""
