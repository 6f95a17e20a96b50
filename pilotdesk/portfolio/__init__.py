"""Every pilot at a glance: finding pilot files under folders and summarising each as one row.

``discover`` walks folders for pilot files (skipping ``.git``, virtual environments,
``node_modules`` and TOML files that are not pilots); ``rows`` turns each into a :class:`Row`
(or a :class:`Broken` with its ``FILE:LINE`` error) using the domain's own words and rules;
``team`` gives the team's figures. May import domain and pilotfile; never session or Textual:
``status``, ``gaps`` and ``check`` over many files stay quick for scripts and git hooks.
"""
