"""``kerascheck lsp``: a Language Server Protocol server for editors, built on pygls.

Only ``kerascheck.lsp.server`` imports pygls, and the command line imports that module only
for the ``lsp`` command, so linting never pays for it. The other modules here
(``linting``: settings and linting of in-memory text; ``actions``: what a suppression
comment edit looks like) are plain Python that the tests drive without a client.
"""
