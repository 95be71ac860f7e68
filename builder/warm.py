"""Imported by the build workers' fork server only: loads MkDocs, Material and jieba's dictionary
once, before any worker is forked (see :mod:`builder.workers`)."""

from builder.workers import warm

warm()
