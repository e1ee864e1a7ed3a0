"""Stage 5, render: the IR through Jinja templates into an in-memory tree of files, made black-stable."""
