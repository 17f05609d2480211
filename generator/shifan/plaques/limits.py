"""The name box of the plaque and certificate artwork, and the longest name it can print.

Kept apart from the artwork (no fonts, no QR code) so that `shifan check` can refuse a name
that cannot be printed legibly before anyone tries to print it. The artwork lays the name
out in these boxes; `MAX_NAME_CHARS` follows from them.

The name is fitted in 1 to `NAME_MAX_LINES` lines. With all lines used, the font size is
at most the box height divided by the lines' height (`NAME_MAX_LINES * NAME_LEADING`); a CJK
character is one em wide, so a line holds `width // size` characters at that size. A longer
name would only fit by shrinking further, below the size the layout was designed for.
"""

from __future__ import annotations

import math

NAME_MAX_LINES = 3
NAME_LEADING = 1.3
PLAQUE_NAME_BOX = (330.0, 58.0)
"""Width and height (mm) of the name on a 400 × 300 mm plaque insert."""
CERTIFICATE_NAME_BOX = (237.0, 30.0)
"""Width and height (mm) of the name on an A4 landscape certificate."""


def smallest_size(box: tuple[float, float]) -> float:
    """The font size (mm) of a name that fills every line of `box`."""
    return box[1] / (NAME_MAX_LINES * NAME_LEADING)


def name_capacity(box: tuple[float, float]) -> int:
    """How many CJK characters fit in `box` at `smallest_size`."""
    per_line = math.floor(box[0] / smallest_size(box) + 1e-9)
    return per_line * NAME_MAX_LINES


MAX_NAME_CHARS = min(name_capacity(PLAQUE_NAME_BOX), name_capacity(CERTIFICATE_NAME_BOX))
"""The longest unit or figure name `shifan check` accepts (66: 3 lines of 22 on a plaque)."""
