"""The `workbook` command line: one module per command group."""

from workbook.cli.main import main

__all__ = ["main"]
