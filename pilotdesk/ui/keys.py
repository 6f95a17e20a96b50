"""Keys as data: every binding has an id, and a user's ``[keys]`` table remaps bindings by id.

A binding is written once, here or in the class that owns it, with its id, its key, a short
description (the footer), a one-line explanation (the footer's tooltip, the help, the palette)
and, when the command palette should offer it, its palette title ("Criterion: mark passed").
The help screen and the palette are generated from these bindings, so a key or a description
is never written twice.

Ids are dotted: the context that owns the binding, then the verb. ``app.*`` acts anywhere in
the workbook, ``list.*`` in every pane's list, ``scorecard.*`` / ``stakeholders.*`` /
``commercial.*`` / ``readiness.*`` in one pane, ``form.*``, ``confirm.*``, ``conflict.*``,
``help.*`` in those dialogs, ``review.*`` and ``email.*`` in the Technical Win review.

:func:`check_keymap` validates a user's keymap against the contexts in which bindings are active
together (see :mod:`pilotdesk.ui.keymap`): unknown ids, key names Textual does not know, and
two bindings given the same key in one context are refused; the rest applies.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, _character_to_key, key_to_character

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
#: Key names without a modifier that Textual sends (escape, f1, space, pagedown, ...).
NAMED_KEYS = frozenset(
    k.value for k in Keys if "+" not in k.value and not k.value.startswith("<")
) - {"ctrl-at"}


@dataclass(frozen=True)
class PilotBinding(Binding):
    """A Binding that the command palette offers under ``command`` (a "Category: verb" title).

    Textual copies bindings into plain :class:`Binding` objects when it maps keys, so only the
    classes' ``BINDINGS`` lists hold these; the palette and the help read those lists."""

    command: str = ""


def bind(
    id: str,
    key: str,
    action: str,
    description: str,
    explain: str = "",
    *,
    command: str = "",
    show: bool = True,
) -> PilotBinding:
    """A binding with its id; ``explain`` (defaulting to ``description``) becomes the tooltip."""
    return PilotBinding(
        key,
        action,
        description,
        show=show,
        tooltip=explain or description,
        id=id,
        command=command,
    )


def bindings_of(owner: type) -> list[Binding]:
    """The bindings a class declares itself (not inherited), as written."""
    return [b for b in owner.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def key_names(app: App[Any], binding: Binding) -> str:
    """The keys that run ``binding`` now (the user's keymap applied), as the footer shows them:
    "p", "? or f1"."""
    keys = app._keymap.get(binding.id or "", binding.key)
    return " or ".join(app.get_key_display(binding.with_key(k)) for k in split_keys(keys))


def key_in_words(
    node: DOMNode,
    binding_id: str,
    *,
    also: type | None = None,
    first: bool = False,
    markup: bool = True,
) -> str:
    """The key(s) that run ``binding_id`` where ``node`` is, for a sentence (in markup unless
    ``markup`` is False): "ctrl+z", "a", "n or esc" (only "n" when ``first``). Looked up in
    ``also``'s bindings, the node's, then the app's, so a hint never names a key the user has
    given to something else."""
    owners = (*(also.__mro__ if also else ()), *type(node).__mro__, *type(node.app).__mro__)
    for owner in owners:
        for binding in bindings_of(owner):
            if binding.id == binding_id:
                keys = split_keys(node.app._keymap.get(binding_id, binding.key))
                words = " or ".join(_in_words(key) for key in (keys[:1] if first else keys))
                # In markup, a key named "[" must not open a tag.
                return re.sub(r"(?<!\\)\[", r"\\[", words) if markup else words
    raise KeyError(binding_id)


def _in_words(key: str) -> str:
    *modifiers, base = key.split("+")
    if base == "escape":
        base = "esc"
    elif len(base) > 1:
        base = key_to_character(base) or base
        base = base if base.isprintable() and not base.isspace() else key.rsplit("+", 1)[-1]
    return "+".join([*modifiers, base])


def quote(text: str) -> str:
    """``text`` in double quotes as TOML would write it: a control character a user's config
    holds is shown escaped, never sent to the terminal."""
    return json.dumps(text, ensure_ascii=False)


# --- key names ----------------------------------------------------------------------------------


def normalize_key(key: str) -> str:
    """One key as Textual names it: ``?`` becomes ``question_mark``, ``x`` stays ``x``."""
    key = key.strip()
    # The same normalisation Textual applies to BINDINGS and keymaps (a private helper there).
    return _character_to_key(key) if len(key) == 1 else key


def split_keys(keys: str) -> list[str]:
    """``"K,shift+up"`` as normalised key names."""
    return [normalize_key(k) for k in keys.split(",") if k.strip()]


def valid_key(key: str) -> bool:
    """Whether a terminal can send ``key`` to Textual: modifiers, then a character or a name.

    A name must be a key's (``pagedown``, ``f5``) or a keyboard character's (``question_mark``,
    ``full_stop``). Textual turns any Unicode character name into a character, so ``banana``
    reads as U+1F34C: a key no keyboard has, which would silently take a binding's keys away.
    A character beyond ASCII is written as itself (``é``), as the user types it."""
    *modifiers, base = key.split("+")
    if any(m not in MODIFIERS for m in modifiers) or len(set(modifiers)) != len(modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    if base in NAMED_KEYS:
        return True
    character = key_to_character(base)
    return character is not None and character.isascii()


def _valid_as_written(key: str) -> bool:
    """A key as the user wrote it: a lone non-ASCII character (``é``) is taken as itself."""
    if len(key) == 1:
        return key.isprintable() and not key.isspace()
    *modifiers, base = key.split("+")
    if len(base) == 1 and not base.isascii():  # ctrl+é: Textual names it, a terminal sends it
        return valid_key("+".join([*modifiers, "a"]))
    return valid_key(normalize_key(key))


def key_problem(keys: object) -> str | None:
    """Why ``keys`` (a comma-separated list) cannot be bound, or None if it can."""
    if not isinstance(keys, str) or not keys.strip():
        return 'should be a key name in quotes, such as "x" or "ctrl+k"'
    bad = [k.strip() for k in keys.split(",") if not k.strip() or not _valid_as_written(k.strip())]
    if bad:
        names = ", ".join(quote(k) for k in bad)
        return f'{names} is not a key name (try "x", "X", "ctrl+k", "f5", "space")'
    return None


# --- checking a keymap ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """Bindings that are active at the same time (one pane with its list, or one dialog)."""

    name: str
    bindings: Sequence[Binding]


def known_ids(contexts: Iterable[Context]) -> set[str]:
    return {b.id for context in contexts for b in context.bindings if b.id}


def _holders(context: Context, keymap: Mapping[str, str]) -> dict[str, list[str]]:
    """Each key of ``context`` and what it is bound to (an id, or an id-less action)."""
    out: dict[str, list[str]] = {}
    for binding in context.bindings:
        who = binding.id or f"Textual's {binding.action.rsplit('.', 1)[-1]}"
        keys = keymap.get(binding.id or "", binding.key)
        for key in split_keys(keys):
            if who not in out.setdefault(key, []):
                out[key].append(who)
    return out


def check_keymap(
    requested: Mapping[str, str], contexts: Sequence[Context]
) -> tuple[dict[str, str], list[str]]:
    """The entries of ``requested`` that can apply, and one line per entry that cannot.

    A remap that gives a key to two bindings in one context drops the remapped entries involved
    (both, when both were remapped) and is checked again, since dropping one may bring back a
    default key that now clashes with another."""
    ids = known_ids(contexts)
    accepted: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in requested.items():
        if binding_id not in ids:
            near = difflib.get_close_matches(binding_id, sorted(ids), n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            problems.append(f"{quote(binding_id)}: no binding has this id{hint}.")
            continue
        problem = key_problem(keys)
        if problem:
            problems.append(f"{quote(binding_id)} = {quote(keys)}: {problem}.")
            continue
        accepted[binding_id] = ",".join(split_keys(keys))
    while True:
        dropped: set[str] = set()
        for context in contexts:
            for key, holders in _holders(context, accepted).items():
                remapped = [h for h in holders if h in accepted and h not in dropped]
                if len(holders) > 1 and remapped:
                    others = " and ".join(h for h in holders)
                    entries = ", ".join(f"{quote(h)} = {quote(requested[h])}" for h in remapped)
                    problems.append(f"{entries}: {key} would be both {others} in {context.name}.")
                    dropped.update(remapped)
        if not dropped:
            return accepted, problems
        for binding_id in dropped:
            del accepted[binding_id]


def keymap_message(problems: Sequence[str]) -> str | None:
    """The one start-up message for every refused entry, or None when all applied."""
    if not problems:
        return None
    count = len(problems)
    head = f"config.toml [keys]: {count} {'entry' if count == 1 else 'entries'} ignored, the rest apply:"
    return "\n".join([head, *(f"• {p}" for p in problems)])
