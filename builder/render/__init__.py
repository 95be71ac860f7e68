"""Render the model into Markdown pages for MkDocs and the data exports (no file system access)."""
