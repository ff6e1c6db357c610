"""The `workbook` command line: one module per command group, nothing importing back up.

- `main`: the dispatch (each command imported by name when it runs) and
  opening the app; `arguments`: every command's flags and help (built only
  when a command is asked for);
- the commands: `check`, `status` (and `where`), `export` (and `import`),
  `backups` (and `restore`), `encryption` (`encrypt`, `decrypt`,
  `passphrase`), `serve`;
- what they share, below them: `output` (say, fail, USAGE), `ask` (ask first,
  or --yes), `unlock` (the passphrase), `content` (loading the content).
"""

from workbook.cli.main import main

__all__ = ["main"]
