"""One form for every kind of entry: criteria, stakeholders, checklist items, commitments.

A form is described by :class:`FormField` values; it returns only what the user changed, as
typed values ready for :class:`~pilotdesk.changes.SetFields` (``None`` removes a key), or
``None`` when cancelled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.validation import Function, ValidationResult, Validator
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch

from pilotdesk.domain.dates import DATE_WORDS, Direction, parse_date
from pilotdesk.domain.text import has_control, visible
from pilotdesk.ui.keys import bind, key_in_words
from pilotdesk.ui.modals.confirm import ConfirmModal
from pilotdesk.ui.widgets.dropdown import DropDown

Kind = Literal["text", "choice", "bool", "date", "id"]


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    kind: Kind = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)
    suggestions: tuple[str, ...] = ()
    placeholder: str = ""
    hint: str = ""  # a line under the field, e.g. the criterion's target beside its result
    #: A date field's way for a bare weekday name: past (a contact), future (a due date).
    direction: Direction = None


class FormInput(Input):
    """An input that never drops part of a paste: a one-line field gets a multi-line paste
    joined with spaces (Textual's own keeps only the first line, silently), and says so."""

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.prevent_default()
            event.stop()
            joined = " ".join(lines)
            if self.selection.is_empty:
                self.insert_text_at_cursor(joined)
            else:
                self.replace(joined, *self.selection)
            screen = self.screen
            if isinstance(screen, FormModal):
                screen.note(self, f"Pasted {len(lines)} lines, joined with spaces.")


#: What an Input accepts: anything but control characters (a paste holding ESC or NUL is
#: refused whole, with the terminal's bell, rather than written into the file).
NO_CONTROL = r"[^\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*"


class _NoControl(Validator):
    """The last guard, should a control character reach an Input another way."""

    def validate(self, value: str) -> ValidationResult:
        if has_control(value):
            return self.failure(f"control characters are not allowed: {visible(value)}")
        return self.success()


class _Required(Validator):
    def validate(self, value: str) -> ValidationResult:
        return self.success() if value.strip() else self.failure("required")


class _IdWord(Validator):
    def __init__(self, taken: set[str]) -> None:
        super().__init__()
        self.taken = taken

    def validate(self, value: str) -> ValidationResult:
        if any(ch.isspace() for ch in value.strip()):
            return self.failure("one word, no spaces")
        if value.strip() in self.taken:
            return self.failure(f"{value.strip()!r} is taken")
        return self.success()


class FormModal(ModalScreen[dict[str, Any] | None]):
    """``ctrl+s`` (or the Save button, or enter in the last field) saves; ``escape`` cancels,
    asking first when something was typed or chosen (a stray escape in a meeting must not throw
    away a stakeholder typed in full)."""

    BINDINGS = [
        bind("form.cancel", "escape", "cancel", "Cancel", "Close the form; nothing changes"),
        bind("form.save", "ctrl+s", "save", "Save", "Save the form"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        initial: dict[str, Any],
        taken_ids: set[str] | None = None,
        today: dt.date | None = None,
        collection: str = "",
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        #: What the entry belongs to ("stakeholders"): while presenting, the fields the room may
        #: not see are left out of the form (and so cannot change).
        self.collection = collection
        self.initial = initial
        self.taken_ids = taken_ids or set()
        self._today = today

    @property
    def today(self) -> dt.date:
        """What ``today`` and ``+3d`` mean in a date field: the workbook's clock (pinned in
        tests), else the system's."""
        if self._today is not None:
            return self._today
        today = getattr(self.app, "today", None)
        return today if isinstance(today, dt.date) else dt.date.today()

    def compose(self) -> ComposeResult:
        from pilotdesk.ui.presenting import form_fields

        self.fields, left_out = form_fields(self, self.collection, self.fields)
        with VerticalScroll(id="dialog", classes="dialog form"):
            yield Label(visible(self.form_title), classes="dialog-title")
            if left_out:
                yield Static(left_out, id="form-hidden", classes="form-hint", markup=False)
            for field in self.fields:
                yield Label(field.label + (" *" if field.required else ""), classes="form-label")
                yield self._widget(field)
                if field.hint:
                    yield Static(field.hint, classes="form-hint", markup=False)
                # Where a problem with this field is said: next to it, where the user looks.
                yield Static("", id=f"error-{field.key}", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    f"Save ({key_in_words(self, 'form.save', first=True)})",
                    variant="primary",
                    id="save",
                )
                yield Button("Cancel (esc)", id="cancel")
        # The keys of the form, not those of the pane behind it.
        yield Footer()

    def _widget(self, field: FormField) -> Input | Select | Switch:
        value = self.initial.get(field.key)
        wid = f"field-{field.key}"
        if field.kind == "bool":
            return Switch(value=bool(value), id=wid)
        if field.kind == "choice":
            options = [(visible(label), choice) for label, choice in field.choices]
            if value and value not in {v for _, v in options}:
                # A word we do not know is kept as written (and shown with visible()).
                options.append((visible(str(value)), str(value)))
            return DropDown(
                options,
                value=value if value else Select.NULL,
                allow_blank=not field.required,
                id=wid,
            )
        validators: list[Validator] = [_NoControl()]
        if field.required:
            validators.append(_Required())
        if field.kind == "date":
            validators.append(
                Function(
                    lambda t: (
                        not t.strip() or parse_date(t, self.today, field.direction) is not None
                    ),
                    f"a date like {DATE_WORDS}",
                )
            )
        if field.kind == "id":
            validators.append(_IdWord(self.taken_ids))
        text = (
            value.isoformat()
            if isinstance(value, dt.date)
            else ("" if value is None else str(value))
        )
        suggester = (
            SuggestFromList(field.suggestions, case_sensitive=False) if field.suggestions else None
        )
        return FormInput(
            # A value from the file is shown spelled out; left as shown, it is kept as it was.
            visible(text),
            placeholder=field.placeholder,
            validators=validators,
            suggester=suggester,
            restrict=NO_CONTROL,
            id=wid,
        )

    def on_mount(self) -> None:
        first = self.query("Input, Select, Switch").first()
        first.focus()
        if len(self.fields) == 1 and isinstance(first, Input):
            first.select_all()  # a one-field prompt ("contacted on"): typing replaces it
        self._shown = self._values_shown()

    def _values_shown(self) -> dict[str, object]:
        """What each field shows now: compared with what it showed at first, for escape."""
        return {
            field.key: getattr(self.query_one(f"#field-{field.key}"), "value", None)
            for field in self.fields
        }

    def edited(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self._values_shown() != getattr(self, "_shown", self._values_shown())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        if not self.edited():
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmModal(
                "Close the form and lose what you typed?",
                f"{key_in_words(self, 'form.save', first=True, markup=False)} in the form saves "
                "it instead.",
                confirm_label="Discard",
            ),
            answer,
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        # A problem said earlier goes once the user types into that field.
        key = (event.input.id or "").removeprefix("field-")
        for error in self.query(f"#error-{key}").results(Static):
            if error.has_class("shown-error"):
                error.update("")
                error.remove_class("shown-error")

    def note(self, widget: Input, text: str) -> None:
        """A word about ``widget`` (a paste joined), shown under it."""
        key = (widget.id or "").removeprefix("field-")
        for label in self.query(f"#error-{key}").results(Static):
            label.update(text)
            label.set_class(False, "shown-error").add_class("shown-note")

    def action_save(self) -> None:
        values: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.key}")
            if isinstance(widget, Input):
                result = widget.validate(widget.value)
                if result is not None and not result.is_valid:
                    self._error(field, f"{field.label}: {'; '.join(result.failure_descriptions)}")
                    return
            values[field.key] = self._read(field, widget)
        changed = {
            k: v
            for k, v in values.items()
            if v != self.initial.get(k) and not (v is None and k not in self.initial)
        }
        self.dismiss(changed)

    def _read(self, field: FormField, widget: Any) -> Any:
        if field.kind == "bool":
            return bool(widget.value)
        if field.kind == "choice":
            return None if widget.value is Select.NULL else widget.value
        initial = self.initial.get(field.key)
        if isinstance(initial, str) and has_control(initial) and widget.value == visible(initial):
            return initial  # not edited: the file's text stays as it was, not as it was shown
        text = widget.value.strip()
        if field.kind == "date":
            return parse_date(text, self.today, field.direction) if text else None
        if not text and not field.required and field.key not in self.initial:
            return None
        return text

    def _error(self, field: FormField, message: str) -> None:
        """Say what is wrong beside the field and bring the field and its message into view: a
        form saved with ctrl+s from another field must never look as if nothing happened (the
        bell says it did not save)."""
        beside = self.query_one(f"#error-{field.key}", Static)
        beside.update(message)
        beside.remove_class("shown-note").add_class("shown-error")
        widget = self.query_one(f"#field-{field.key}")
        widget.focus(scroll_visible=False)
        dialog = self.query_one("#dialog", VerticalScroll)
        # After the message is laid out: the field's label, the field and the message in view.
        self.call_after_refresh(dialog.scroll_to_center, widget, animate=False)
        self.app.bell()
