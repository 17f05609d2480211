"""A plaque's QR code as a small inline SVG (the same symbol the plaque carries)."""

from __future__ import annotations

from shifan.errors import ShifanError
from shifan.plaques.qr import encode_plaque_url
from shifan.plaques.qr_matrix import QUIET_ZONE


def qr_svg(site_url: str, token: str | None, *, label: str) -> str:
    """`<svg>` of `SITE_URL/v/#TOKEN`; empty when there is no token or it cannot be encoded.

    `label` is trusted text (built by the caller from escaped parts)."""
    if not token or not token.isdigit():
        return ""
    try:
        matrix = encode_plaque_url(site_url, token)
    except (ShifanError, ValueError):
        return ""
    size = matrix.size_with_quiet_zone
    path = "".join(
        f"M{col + QUIET_ZONE} {row + QUIET_ZONE}h{length}v1h-{length}z"
        for row, col, length in matrix.runs()
    )
    return (
        f'<svg class="sf-qr" viewBox="0 0 {size} {size}" width="176" height="176" role="img"'
        f' aria-label="{label}" shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
