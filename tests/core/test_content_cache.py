"""The parsed content is reused between starts, and never when a file changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, REPO
from workbook.core.content import ContentError, load_workbook
from workbook.core.content.cache import load_workbook_cached


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the shipped content that a test may edit."""
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("content-*.json"))


def test_the_cached_workbook_equals_a_fresh_parse(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_workbook_cached(content, cache)
    assert len(cache_files(cache)) == 1
    second = load_workbook_cached(content, cache)
    assert first == second == load_workbook(content)
    assert second.steps[0].exercises[0].fields == first.steps[0].exercises[0].fields


def test_reading_the_cache_compiles_no_type_annotation(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model's annotations are looked up, not compiled: `get_type_hints`
    compiling each one was a tenth of the app's own start-up."""
    from workbook.core.content import cache as content_cache

    cache = tmp_path / "cache"
    expected = load_workbook_cached(content, cache)
    content_cache._plan.cache_clear()

    def compiled(*_: object, **__: object) -> None:
        raise AssertionError("get_type_hints compiled the annotations")

    monkeypatch.setattr(content_cache, "get_type_hints", compiled)
    assert load_workbook_cached(content, cache) == expected


def test_each_model_field_is_read_as_get_type_hints_reads_it() -> None:
    import dataclasses
    import typing

    from workbook.core.content import cache as content_cache
    from workbook.core.content import model

    classes = [c for c in vars(model).values()
               if dataclasses.is_dataclass(c) and c.__module__ == model.__name__]
    assert len(classes) >= 9
    for cls in classes:
        hints = typing.get_type_hints(cls)
        assert content_cache._field_types(cls) == {
            f.name: hints[f.name] for f in dataclasses.fields(cls)}, cls.__name__


def test_a_hit_does_not_parse_again(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_workbook_cached(content, cache)
    # Doctor the cached copy: if it is what comes back, nothing was parsed.
    (path,) = cache_files(cache)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["workbook"]["steps"][0]["title"] = "From the cache"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_workbook_cached(content, cache).steps[0].title == "From the cache"


def test_an_edited_file_is_parsed_again(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = load_workbook_cached(content, cache)
    step_file = sorted(content.glob("01-*.md"))[0]
    text = step_file.read_text(encoding="utf-8")
    step_file.write_text(text.replace(before.steps[0].title, "A new title", 1), encoding="utf-8")
    after = load_workbook_cached(content, cache)
    assert after.steps[0].title == "A new title"
    assert load_workbook_cached(content, cache) == after  # and that is cached in turn


def test_a_broken_cache_file_only_costs_a_parse(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_workbook_cached(content, cache)
    (path,) = cache_files(cache)
    for garbage in (b"", b"{not json", b'{"key": 1}', b"\x00\x00", b'{"key": null, "workbook": 3}'):
        path.write_bytes(garbage)
        assert load_workbook_cached(content, cache) == load_workbook(content)


def test_bad_content_is_reported_and_never_cached(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    step_file = sorted(content.glob("01-*.md"))[0]
    step_file.write_text("no title, no step block\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ContentError) as error:
            load_workbook_cached(content, cache)
        assert any(step_file.name in problem.file for problem in error.value.problems)
    assert cache_files(cache) == []


def test_a_cache_folder_that_cannot_be_written_is_no_problem(content: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("in the way", encoding="utf-8")
    assert load_workbook_cached(content, blocked / "cache") == load_workbook(content)
    assert load_workbook_cached(content, None) == load_workbook(content)


def test_each_content_folder_has_its_own_entry(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    other = Path(shutil.copytree(content, tmp_path / "other"))
    load_workbook_cached(content, cache)
    load_workbook_cached(other, cache)
    assert len(cache_files(cache)) == 2


def test_the_app_starts_without_importing_the_markdown_parser(tmp_path: Path) -> None:
    """Once the content is cached, start-up skips markdown-it-py and TOML entirely."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    probe = (
        "import sys\n"
        "from workbook.core.content.cache import load_workbook_cached\n"
        "from workbook.core.locations import cache_dir, content_dir\n"
        "load_workbook_cached(content_dir(), cache_dir())\n"
        "import workbook.tui.app, workbook.tui.screens.home\n"
        "print(sorted(m for m in ('markdown_it', 'tomllib') if m in sys.modules))\n"
    )
    run = [sys.executable, "-c", probe]
    subprocess.run(run, cwd=REPO, env=env, check=True, capture_output=True)  # fills the cache
    done = subprocess.run(run, cwd=REPO, env=env, check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "[]"


# Issue 24, item 5: the cache's words are shown as the workbook's own, so it
# is trusted only when no one else could have written it.


def doctored(cache: Path, content: Path) -> Path:
    """The cache file, its first step's title changed: it shows when the cache is used."""
    load_workbook_cached(content, cache)
    (path,) = cache_files(cache)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["workbook"]["steps"][0]["title"] = "From the cache"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_every_folder_made_for_the_cache_is_private_whatever_the_umask(
    content: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "home" / ".cache" / "heartbreak-workbook"
    (tmp_path / "home").mkdir()
    old = os.umask(0)
    try:
        load_workbook_cached(content, cache)
    finally:
        os.umask(old)
    for folder in (cache.parent, cache):
        assert oct(folder.stat().st_mode & 0o777) == "0o700", folder
    assert oct(cache_files(cache)[0].stat().st_mode & 0o777) == "0o600"


def test_a_loose_cache_folder_is_tightened(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o777)
    load_workbook_cached(content, cache)
    assert oct(cache.stat().st_mode & 0o777) == "0o700"


@pytest.mark.parametrize("mode", [0o666, 0o620], ids=["others-may-write", "group-may-write"])
def test_a_cache_file_others_may_write_is_parsed_again(
    content: Path, tmp_path: Path, mode: int
) -> None:
    path = doctored(tmp_path / "cache", content)
    path.chmod(mode)
    assert load_workbook_cached(content, tmp_path / "cache") == load_workbook(content)
    assert oct(path.stat().st_mode & 0o777) == "0o600", "written afresh, private"
    assert load_workbook_cached(content, tmp_path / "cache") == load_workbook(content)


def test_a_cache_file_of_another_user_is_parsed_again(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = doctored(tmp_path / "cache", content)
    owner = path.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # as if someone else wrote it
    assert load_workbook_cached(content, tmp_path / "cache") == load_workbook(content)


def test_a_link_in_place_of_the_cache_file_is_not_followed(content: Path, tmp_path: Path) -> None:
    path = doctored(tmp_path / "cache", content)
    planted = path.rename(tmp_path / "planted.json")
    path.symlink_to(planted)
    assert load_workbook_cached(content, tmp_path / "cache") == load_workbook(content)
    assert not path.is_symlink(), "replaced by a cache file of our own"
    assert "From the cache" in planted.read_text(encoding="utf-8"), "the link's target untouched"
