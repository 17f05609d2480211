"""The roster the signing tests share: the small registry, a figure awarded in 2024 and an
enterprise still pending."""

from __future__ import annotations

from pathlib import Path

from support import small_registry

FIGURE_YAML = """\
# a leading figure
id: ZZ-FIG-0001
name: 张某某
affiliation: 郑州某某网络科技有限公司
field_of_work: 跨境电商
year: 2024
citation: 带动就业
events:
  - {type: awarded, date: 2024-06-01, document: 郑商务〔2024〕20号}
"""
PENDING_YAML = """\
id: ZZ-ENT-0009
kind: enterprise
enterprise_class: service
level: municipal
name: 郑州待定有限公司
credit_code: 91410100MA0000009N
district: jinshui
applied_on: 2024-03-01
events:
  - {type: recommended, date: 2024-03-10, district: jinshui}
"""


def signing_registry(root: Path) -> Path:
    """`small_registry` with the figure and the pending enterprise; returns the registry."""
    return small_registry(
        root,
        {
            "figures/ZZ-FIG-0001.yaml": FIGURE_YAML,
            "units/enterprise/ZZ-ENT-0009.yaml": PENDING_YAML,
        },
    )
