"""Merging pilot files by meaning, and pilotdesk's side of git.

This package owns the three-way merge of pilot files that git calls as a merge driver
(:mod:`.engine`, built on the text blocks of :mod:`.blocks`, the keyed sequence merge of
:mod:`.sequence`, the decisions across keys and who/when of :mod:`.decisions`, and the inside of
one value of :mod:`.inline`), reading and resolving the conflict markers a merge leaves
(:mod:`.conflicts`), and the few git commands pilotdesk runs, always the same safe way
(:mod:`.git`: the line-merge fallback, unmerged files, the author of log entries; :mod:`.setup`:
``git setup``).

It may import :mod:`pilotdesk.domain` and :mod:`pilotdesk.pilotfile`, never the session or
Textual. :mod:`.conflicts` and :mod:`.git` use only the standard library and the file reader,
so ``check`` can use them and stay free of tomlkit.
"""
