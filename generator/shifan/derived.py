"""`Derived`: a read-only mapping whose values are computed when first asked for.

The assessment's per-record views (statuses, plaques, standards verdicts) are `Derived`:
`shifan check` reads only the problems, while the site, the plaque commands and the
operations read the views. Each value is computed by the one function that decides it, once,
on first access, so every reader sees the same value whichever asks first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Derived(Mapping[K, V]):
    """The keys are fixed (and iterate in the order given); `derive(key)` gives a value."""

    def __init__(self, keys: Iterable[K], derive: Callable[[K], V]) -> None:
        self._keys = dict.fromkeys(keys)
        self._derive = derive
        self._values: dict[K, V] = {}

    def __getitem__(self, key: K) -> V:
        try:
            return self._values[key]
        except KeyError:
            if key not in self._keys:
                raise
        value = self._values[key] = self._derive(key)
        return value

    def __iter__(self) -> Iterator[K]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __repr__(self) -> str:
        return f"Derived({dict(self.items())!r})"
