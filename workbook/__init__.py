"""Heartbreak Workbook: a terminal workbook from heartbreak to healing."""

__version__ = "0.1.0"
