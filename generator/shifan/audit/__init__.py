"""`shifan audit`: rebuild a commit and compare it, file by file, with a published site.

`compare` is the pure core (digests in, differences out, reports as strings); `sources`
reads a published site from a folder or a URL; `rebuild` builds a commit in a throw-away
clone. The command (`shifan.commands.audit`) wires them together.
"""
