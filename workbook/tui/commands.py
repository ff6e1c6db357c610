"""Command palette: every step by name, and every other action."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from workbook.tui.keys import APP_BINDINGS


def named_as_bound(action: str, help_text: str) -> tuple[str, str]:
    """A command's name as its key's description says it (the footer's words),
    and its help with the key: one wording wherever the action is offered."""
    binding = next(b for b in APP_BINDINGS if b.action == action)
    keys = " or ".join(binding.key.split(","))
    return binding.description, f"{help_text} ({keys})"


class WorkbookCommands(Provider):
    """Steps and actions for the command palette (ctrl+p)."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.app
        commands: list[tuple[str, str, object]] = [
            (f"Step {step.number}: {step.title}", step.summary, partial(app.open_step, step.number))
            for step in app.workbook.steps
        ]
        commands += [
            ("Home", "The list of steps and your progress", app.go_home),
            (*named_as_bound("search", "Find words in everything you wrote"), app.action_search),
            ("Your journey", "Feelings, ratings and writing over time (j, at home)",
             app.action_journey),
            (*named_as_bound("need_help", "Need help now: crisis lines and your safety plan"),
             app.action_need_help),
            (*named_as_bound("export", "Save your answers as Markdown, HTML or JSON"),
             app.action_export),
            (*named_as_bound("hide", "Cover the screen until a key is pressed"), app.action_hide),
            (*named_as_bound("save_now", "Write every answer to disk now"), app.action_save_now),
            (*named_as_bound("keys", "Every key the workbook answers to"), app.action_keys),
            ("Welcome", "Read the welcome page again", partial(app.show_page, "welcome")),
            (*named_as_bound("quit", "Save and quit"), app.action_quit),
        ]
        if app.store.encrypted:
            commands.append((*named_as_bound("lock", "Save, clear the screen, ask for the "
                                                     "passphrase"), app.action_lock))
            commands += [
                (f"Lock after {label}", "When no key is pressed for that long",
                 partial(app.set_lock_minutes, minutes))
                for label, minutes in (("5 minutes", 5), ("10 minutes", 10),
                                       ("30 minutes", 30), ("never (only ctrl+l)", 0))
            ]
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)  # type: ignore[arg-type]
