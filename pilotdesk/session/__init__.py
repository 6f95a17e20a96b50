"""The editing session: one open pilot, changed step by step, saved at once, undoable.

Owns the typed changes, the editor that applies them to the file layer's text, the store (the
only code that saves the pilot file, and the one place that knows why it cannot), undo and
redo, and rebasing this session's changes onto another writer's version of the file.

May import: the domain, the file layer, the standard library. Never Textual.
"""
