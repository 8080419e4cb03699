"""``kerascheck lsp``: a Language Server Protocol server for editors, built on pygls.

``startup`` owns the process: it reads messages with ``transport``'s hardened reader and
serves ``initialize`` and the first opened document itself, so that the first diagnostics do
not wait for pygls and ``lsprotocol`` (a second to import); then ``server``, the pygls
server, takes over. The command line imports this package only for the ``lsp`` command, so
linting never pays for it. The other modules are plain Python that the tests drive without a
client: ``linting`` (settings and linting of in-memory text), ``notebooks`` (notebook
documents linted as one program), ``actions`` (what a suppression comment edit looks like)
and ``hover`` (a rule's documentation for the finding under the cursor).
"""
