"""How to add an optional extra (PDF, browser mode) to the Python the workbook runs in (no Textual).

Debian and Ubuntu refuse `pip install` into the system's Python (PEP 668), so
a bare "pip install" hint fails there. The hint names what works for the
install at hand: the pip of the workbook's own virtual environment (the
README makes one), `pipx inject` when pipx installed it, and otherwise the
README's way (a virtual environment in the workbook's folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

DISTRIBUTION = "heartbreak-workbook"


def install_hint(extra: str, packages: str, *, prefix: str | None = None,
                 base_prefix: str | None = None) -> str:
    """A command that adds `extra` (its `packages` for pipx) to this workbook's Python."""
    prefix = sys.prefix if prefix is None else prefix
    base_prefix = sys.base_prefix if base_prefix is None else base_prefix
    if prefix == base_prefix:  # the system's Python: PEP 668 keeps pip out
        return (f"in the workbook's folder, in a virtual environment as its README does: "
                f"python3 -m venv .venv && .venv/bin/pip install \".[{extra}]\"")
    venv = Path(prefix)
    if "pipx" in venv.parts:
        return f"pipx inject {DISTRIBUTION} {packages}"
    pip = venv / "bin" / "pip"
    try:
        shown = ".venv/bin/pip" if venv == Path.cwd() / ".venv" else str(pip)
    except OSError:  # the current folder is gone
        shown = str(pip)
    return f"in the workbook's folder: {shown} install \".[{extra}]\""
