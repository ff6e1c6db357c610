"""The Export screen: keyboard only, at 80x24, it writes the file and shows where."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.conftest import welcomed
from tests.export_hostile import SCRIPT, fill_hostile
from tests.pilot import app_for
from workbook.core.content import Workbook
from workbook.tui.screens.confirm import ConfirmScreen
from workbook.tui.screens.export import ExportScreen


def status(app) -> str:
    return str(app.screen.query_one("#export-status", Static).render())


async def focus_to(pilot, widget_id: str) -> None:
    """Tab until `widget_id` has the focus, as a person would."""
    for _ in range(12):
        if pilot.app.focused is not None and pilot.app.focused.id == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached #{widget_id}")


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(folder))  # the screen offers the documents folder
    return folder


async def test_export_html_and_ask_before_replacing(tmp_path: Path, out: Path,
                                                    workbook: Workbook) -> None:
    db = welcomed(tmp_path / "data" / "workbook.json")
    fill_hostile(db, workbook)
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.focused is not None and app.focused.id == "export-format"

        await pilot.press("down", "enter")  # Markdown -> HTML
        await pilot.pause()
        expected = out / f"heartbreak-workbook-{datetime.now():%Y-%m-%d}.html"
        assert app.screen.query_one("#export-file", Input).value == expected.name
        assert str(expected) in str(app.screen.query_one("#export-path", Static).render())

        await focus_to(pilot, "export-go")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert expected.is_file()
        assert "&lt;script&gt;" in expected.read_text(encoding="utf-8")
        assert SCRIPT not in expected.read_text(encoding="utf-8")
        assert f"Saved to {expected}" in status(app)

        # A second export (enter in the file name this time) finds the file
        # there and asks; "no" keeps it.
        expected.write_text("kept")
        await focus_to(pilot, "export-file")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert expected.read_text() == "kept"
        assert "Nothing was written" in status(app)

        # Asked again, "Replace it" writes the new export.
        await focus_to(pilot, "export-file")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("tab", "enter")  # from "Keep it" to "Replace it"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert expected.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert f"Saved to {expected}" in status(app)

        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)


async def test_bad_steps_and_places_are_explained(tmp_path: Path, out: Path) -> None:
    app = app_for(welcomed(tmp_path / "data" / "workbook.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await focus_to(pilot, "export-steps")
        await pilot.press("ctrl+a", "ctrl+k", *"1,42", "enter")
        await pilot.pause()
        assert "There is no step 42" in status(app)
        assert app.focused is not None and app.focused.id == "export-steps"

        await pilot.press("ctrl+a", "ctrl+k", *"1-2")
        await focus_to(pilot, "export-file")
        await pilot.press("ctrl+a", "ctrl+k", *"missing/folder/x.md", "enter")
        await pilot.pause()
        assert "does not exist" in status(app)
        assert not (out / "missing").exists()

        await pilot.press("ctrl+a", "ctrl+k", *"steps.md", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = (out / "steps.md").read_text(encoding="utf-8")
        assert "Step 1." in text and "Step 2." in text and "Step 3." not in text


async def test_json_backup_from_the_screen(tmp_path: Path, out: Path, workbook: Workbook) -> None:
    db = welcomed(tmp_path / "data" / "workbook.json")
    fill_hostile(db, workbook)
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#export-steps", Input).disabled  # a backup holds everything
        assert app.screen.query_one("#export-file", Input).value.endswith(".json")
        await focus_to(pilot, "export-go")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    written = out / f"heartbreak-workbook-{datetime.now():%Y-%m-%d}.json"
    from workbook.core.export.backup import export_json
    from workbook.core.storage import AnswerStore

    assert written.read_text(encoding="utf-8") == export_json(AnswerStore(db, read_only=True))


async def test_a_blank_workbook_gets_its_own_name(tmp_path: Path, out: Path) -> None:
    app = app_for(welcomed(tmp_path / "data" / "workbook.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await focus_to(pilot, "export-blank")
        await pilot.press("space")
        await pilot.pause()
        name = app.screen.query_one("#export-file", Input).value
        assert name == f"heartbreak-workbook-blank-{datetime.now():%Y-%m-%d}.md"
        await focus_to(pilot, "export-file")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    text = (out / name).read_text(encoding="utf-8")
    assert "A blank workbook to fill in by hand" in text and "## Step 10." in text


async def test_an_old_yes_right_now_is_exported_only_when_ticked_and_then_dated(
        tmp_path: Path, out: Path, workbook: Workbook) -> None:
    from tests.core.test_care_exports import write_old_yes

    db = write_old_yes(tmp_path / "data" / "workbook.json", workbook)
    name = f"heartbreak-workbook-{datetime.now():%Y-%m-%d}.md"
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        box = app.screen.query_one("#export-urgent")
        assert not box.value  # left out unless the person chooses
        label = " ".join(str(box.label).split())
        assert label == "Include my answers about suicide and self-harm, dated"
        await focus_to(pilot, "export-file")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = (out / name).read_text(encoding="utf-8")
        assert "Yes, right now" not in first
        # Ticked (space, as a person would), and written again over the first.
        await focus_to(pilot, "export-urgent")
        await pilot.press("space")
        await focus_to(pilot, "export-file")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab", "enter")  # "Replace it"
        await app.workers.wait_for_complete()
        await pilot.pause()
    second = (out / name).read_text(encoding="utf-8")
    assert "- Yes, right now *(answered Thursday 1 October 2026, 09:00)*" in second


# Sharing an encrypted copy with someone you trust (the "For" field)

def shown(app, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Static).render())


async def test_a_copy_for_someone_by_keyboard_and_their_key_remembered_by_name(
        tmp_path: Path, out: Path, workbook: Workbook) -> None:
    import pyrage

    from tests.share_keys import age_identity
    from workbook.core.export.recipients import REMEMBERED
    from workbook.core.storage import AnswerStore

    secret, public = age_identity()
    db = welcomed(tmp_path / "data" / "workbook.json")
    fill_hostile(db, workbook)
    name = f"heartbreak-workbook-{datetime.now():%Y-%m-%d}.md.age"
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert not app.screen.query_one("#export-saved-row").display  # nobody saved yet
        await focus_to(pilot, "export-to")
        await pilot.press(*public)
        await pilot.pause()
        assert f"{out / name}, encrypted for them" in shown(app, "export-path")
        await pilot.press("tab", *"my counsellor", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"Saved to {out / name}, encrypted for their key: only they can open it." \
            in status(app)
        assert [p.name for p in out.iterdir()] == [name]  # only the encrypted copy
        sealed = (out / name).read_bytes()
        opened = pyrage.decrypt(sealed, [pyrage.x25519.Identity.from_str(secret)])
        assert opened.startswith(b"# Heartbreak Workbook\n") and b"Zebra-crossing-7431" in opened
        assert b"Zebra-crossing-7431" not in sealed

        # Next time, the name is offered: picked by keyboard, it fills both fields.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.query_one("#export-saved-row").display
        assert app.screen.query_one("#export-to", Input).value == ""
        await focus_to(pilot, "export-saved")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#export-to", Input).value == public
        assert app.screen.query_one("#export-to-name", Input).value == "my counsellor"
    kept = AnswerStore(db, read_only=True).setting(REMEMBERED)
    assert kept == [{"name": "my counsellor", "to": public}]  # saved with the workbook


async def test_a_pasted_private_key_is_cleared_at_once_and_never_kept(
        tmp_path: Path, out: Path) -> None:
    from textual import events

    from tests.share_keys import age_identity, echoes, openssh_private_lookalike
    from workbook.core.storage import AnswerStore

    secret, _ = age_identity()
    db = welcomed(tmp_path / "data" / "workbook.json")
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await focus_to(pilot, "export-to")
        field = app.screen.query_one("#export-to", Input)
        field.post_message(events.Paste(secret))
        await pilot.pause()
        assert field.value == ""
        assert "That was a private key, so it was cleared and not kept" in status(app)
        assert not echoes(status(app), secret)
        name_field = app.screen.query_one("#export-to-name", Input)
        name_field.post_message(events.Paste(secret))  # in the wrong field: the same
        await pilot.pause()
        assert name_field.value == "" and not echoes(status(app), secret)
        field.focus()

        # A private key file named in "For": refused on export, the name cleared too.
        (out / "id_ed25519").write_text(private := openssh_private_lookalike())
        await pilot.press(*"id_ed25519", "tab", *"me", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Nothing was written. id_ed25519 holds a private key" in status(app)
        assert field.value == "" and not echoes(status(app), private)
        assert [p.name for p in out.iterdir()] == ["id_ed25519"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = db.read_text(encoding="utf-8")
    assert not echoes(saved, secret) and not echoes(saved, private)
    assert "id_ed25519" not in saved
    assert AnswerStore(db, read_only=True).setting("share_with") is None


async def test_a_key_age_cannot_use_is_explained_and_nothing_written(
        tmp_path: Path, out: Path) -> None:
    from tests.share_keys import ECDSA

    app = app_for(welcomed(tmp_path / "data" / "workbook.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await focus_to(pilot, "export-to")
        app.screen.query_one("#export-to", Input).value = ECDSA
        await pilot.press("enter")
        await pilot.pause()
        assert "Nothing was written. For: ecdsa-sha2-nistp256 keys cannot be used by age" \
            in status(app)
        assert app.focused is not None and app.focused.id == "export-to"
        assert list(out.iterdir()) == []


async def test_pdf_is_offered_and_says_how_to_add_it_when_missing(
        tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import workbook.core.export.pdf as pdf

    monkeypatch.setattr(pdf, "pdf_available", lambda: False)
    app = app_for(welcomed(tmp_path / "data" / "workbook.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # Markdown -> HTML -> JSON -> PDF
        await pilot.pause()
        assert app.screen.query_one("#export-file", Input).value.endswith(".pdf")
        assert "PDF export needs WeasyPrint" in status(app)
        assert 'install ".[pdf]"' in status(app)


async def test_a_key_file_is_remembered_by_its_full_path_and_a_pdf_sealed(
        tmp_path: Path, out: Path) -> None:
    from tests.share_keys import ED25519
    from workbook.core.export.recipients import REMEMBERED

    try:
        import weasyprint  # noqa: F401
        fmt = "pdf"
    except (ImportError, OSError):
        fmt = "html"
    (out / "keys").mkdir()
    (out / "keys" / "counsellor.pub").write_text(ED25519 + "\n")
    app = app_for(welcomed(tmp_path / "data" / "workbook.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press(*["down"] * (3 if fmt == "pdf" else 1), "enter")
        await focus_to(pilot, "export-to")
        await pilot.press(*"keys/counsellor.pub", "tab", *"counsellor", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "encrypted for their key" in status(app)
        assert app.store.setting(REMEMBERED) == [
            {"name": "counsellor", "to": str(out / "keys" / "counsellor.pub")}]
    written = out / f"heartbreak-workbook-{datetime.now():%Y-%m-%d}.{fmt}.age"
    assert written.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert sorted(p.name for p in out.iterdir()) == sorted(["keys", written.name])


async def test_exports_go_to_the_documents_folder_never_the_current_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Started inside a project folder, ctrl+o still offers Documents (else home), in full,
    and the saved line is not covered by a toast."""
    project, documents, home = tmp_path / "project", tmp_path / "Documents", tmp_path / "home"
    for folder in (project, documents, home):
        folder.mkdir()
    monkeypatch.chdir(project)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    db = welcomed(tmp_path / "data" / "workbook.json")
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        expected = documents / f"heartbreak-workbook-{datetime.now():%Y-%m-%d}.md"
        assert f"Saves to {expected}" in str(app.screen.query_one("#export-path", Static).render())
        await focus_to(pilot, "export-go")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert expected.exists() and not list(project.iterdir())
        assert f"Saved to {expected}" in status(app)
        line = app.screen.query_one("#export-status", Static).region
        from textual.widgets._toast import Toast

        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(line), "a toast covers where it was saved"
    shutil.rmtree(documents)  # no documents folder: home
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "Saves to ~/heartbreak-workbook-" in str(
            app.screen.query_one("#export-path", Static).render())


def test_a_saved_name_shows_the_start_of_its_key_or_its_key_file() -> None:
    """A key swapped under a familiar name (a synced copy) can be noticed."""
    from workbook.tui.screens.export import saved_label

    age = "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"
    assert saved_label({"name": "my counsellor", "to": age}) == "my counsellor (age1qyqszqgpqy…)"
    assert saved_label({"name": "me", "to": "/keys/counsellor.pub"}) == "me (counsellor.pub)"
