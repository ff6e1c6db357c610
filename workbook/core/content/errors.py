"""`Problem` and `ContentError`: what is wrong with a content folder, by file and line."""

from __future__ import annotations

from workbook.core.frozen import Frozen, frozen


@frozen
class Problem(Frozen):
    """One thing wrong with the content, located by file and line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file  # 0: the whole file or folder
        return f"{where}: {self.message}"


class ContentError(Exception):
    """The content folder has problems; `problems` lists each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
