"""Merging pilot files by meaning, and pilotdesk's side of git.

This package owns the three-way merge of pilot files that git calls as a merge driver
(:mod:`.engine`, built on the text blocks of :mod:`.blocks` and the keyed sequence merge of
:mod:`.sequence`), reading and resolving the conflict markers a merge leaves
(:mod:`.conflicts`), and the few git commands pilotdesk runs (:mod:`.git`: the driver's setup,
the line-merge fallback, the author of log entries).

It may import :mod:`pilotdesk.domain` and :mod:`pilotdesk.pilotfile`, never the session or
Textual. :mod:`.conflicts` and :mod:`.git` use only the standard library, so ``check`` can use
them and stay free of tomlkit.
"""
