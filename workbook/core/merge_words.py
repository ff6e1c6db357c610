"""What `import --merge` does, in the words every place says it (no imports: the
command line's help reads it at every start)."""

# `import --help`, the README and the merge's report (added, updated, deleted,
# kept as an earlier answer) say it in these words; tests/cli/test_merge_cases.py
# checks they agree, and `core/merge.py` is what does it.
IN_A_SENTENCE = ("join it with your workbook entry by entry: the later change to each entry "
                 "wins, an entry changed on both sides keeps the other change as an earlier "
                 "answer, and a deleted entry stays deleted unless changed later")
