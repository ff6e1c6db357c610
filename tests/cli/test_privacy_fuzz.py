"""Property-based fuzzing of the database loader and `import` (issue 10, finding 6).

Random JSON shapes and strings (lone surrogates, control characters, deep
nesting, huge numbers, NaN) go through the real entry points, `workbook
status` and `workbook import` (run in-process through `cli.main` so that
hundreds of examples stay quick). Whatever the input: never a traceback, and
a failed import leaves the database byte for byte as it was.

How many examples: the hypothesis profile (tests/lanes.py), a few on every
run and thousands at night (HYPOTHESIS_PROFILE=nightly).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook.cli import main
from workbook.core.content import Workbook
from workbook.core.storage import AnswerStore, StorageError

pytestmark = pytest.mark.slow

# Text as it arrives from hostile files: every code point, surrogates included.
hostile_text = st.text(st.characters(exclude_categories=()), max_size=20) | st.sampled_from(
    ["\ud83d", "\udfff", "\x1b]0;pwned\x07", "\x1b[2J", "\u202e", "\x00", "\ufeff", "None"]
)
numbers = (st.integers() | st.integers(min_value=10**300, max_value=10**400)
           | st.floats(allow_nan=True, allow_infinity=True))
scalars = st.none() | st.booleans() | numbers | hostile_text


# Deep nesting is spliced into the JSON text (see `dumps`): a Python value
# that deep could not even be printed in a failure report.
DEEP = re.compile(r'"@deep(\d+)"')


json_values = st.recursive(
    scalars | st.integers(min_value=60, max_value=6000).map(lambda n: f"@deep{n}"),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(hostile_text, children, max_size=4),
    max_leaves=20,
)


def dumps(value: Any) -> bytes:
    """JSON bytes as any other program might write them (surrogates escaped, NaN allowed)."""
    text = json.dumps(value, ensure_ascii=True)
    return DEEP.sub(lambda m: "[" * int(m[1]) + "]" * int(m[1]), text).encode()


@pytest.fixture(scope="module")
def folder() -> Any:
    path = Path(tempfile.mkdtemp(prefix="workbook-fuzz-"))
    yield path
    shutil.rmtree(path)


def exercise_ids(workbook: Workbook) -> st.SearchStrategy[str]:
    return st.sampled_from([exercise.id for exercise in workbook.exercises]) | hostile_text


def database(workbook: Workbook) -> st.SearchStrategy[Any]:
    """Databases near the real shape (so the checks past parsing are reached) or anything."""
    answer = st.fixed_dictionaries(
        {"exercise": exercise_ids(workbook), "value": json_values},
        optional={"updated": json_values},
    )
    near = st.fixed_dictionaries({
        "answers": st.dictionaries(st.integers(1, 50).map(str), answer, max_size=5),
    }, optional={"meta": st.dictionaries(st.just("1"), st.dictionaries(
        st.sampled_from(["schema", "created"]), json_values)),
        "settings": st.dictionaries(st.just("1"), st.dictionaries(hostile_text, json_values))})
    return near | json_values


def backup(workbook: Workbook) -> st.SearchStrategy[Any]:
    entry = st.fixed_dictionaries({"value": json_values}, optional={"updated": json_values})
    near = st.fixed_dictionaries({
        "format": st.just("heartbreak-workbook-backup"),
        "version": st.just(1) | json_values,
        "answers": st.dictionaries(exercise_ids(workbook), entry, max_size=5),
    }, optional={"settings": st.dictionaries(hostile_text, json_values), "meta": json_values,
                 "schema": json_values})
    return near | json_values


def test_any_database_file_opens_or_is_refused_plainly(
    workbook: Workbook, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    @given(document=database(workbook), raw=st.booleans())
    def check(document: Any, raw: bool) -> None:
        db = folder / "loader" / "workbook.json"
        db.parent.mkdir(mode=0o700, exist_ok=True)
        # Escaped (as json writes) or raw bytes: then a surrogate is invalid UTF-8.
        db.write_bytes(dumps(document) if not raw else json.dumps(document, ensure_ascii=False)
                       .encode("utf-8", "surrogatepass"))
        code = main(["status", "--db", str(db)])  # an uncaught error fails the test
        assert code in (0, 1)
        capsys.readouterr()
        try:
            store = AnswerStore(db)
        except StorageError:
            return
        store.set("fuzz-typed", {"text": "tonight's words"})
        store.save()
        store.close()
        again = AnswerStore(db, read_only=True)
        assert again.get("fuzz-typed") == {"text": "tonight's words"}
        db.read_bytes().decode("utf-8")  # what we wrote is always strict UTF-8

    check()


def test_a_failed_import_never_changes_the_database(
    workbook: Workbook, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = folder / "import" / "workbook.json"
    store = AnswerStore(db)
    store.set(workbook.exercises[0].id, {"text": "what was there"})
    store.save()
    store.close()
    source = folder / "import" / "backup.json"

    @given(document=backup(workbook))
    def check(document: Any) -> None:
        before = db.read_bytes()
        source.write_bytes(dumps(document))
        code = main(["import", "--yes", str(source), "--db", str(db)])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        if code != 0:
            assert db.read_bytes() == before
            assert err.strip(), "a refusal says why"
        else:
            AnswerStore(db, read_only=True)  # what import wrote opens again
            db.write_bytes(before)  # next example starts from the same workbook

    check()
