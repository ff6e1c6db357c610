"""`python -m workbook` is the same as `workbook`."""

import sys

from workbook.cli.main import main

sys.exit(main())
