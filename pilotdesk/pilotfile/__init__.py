"""The pilot file: bytes on disk to validated data and back, losing nothing a person wrote.

Owns reading (encoding, TOML syntax, format version, content, with ``FILE:LINE: field:``
locations), lossless editing of the TOML text (the whole tomlkit document, or one entry spliced
in place), the atomic write, the one-writer lock, and the template ``pilotdesk new`` writes.

May import: the domain, tomlkit, the standard library. Never the session or Textual.
"""
