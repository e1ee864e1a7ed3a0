"""Stage 2, validate: structural checks of the document and of every schema, as located diagnostics."""
