"""Imported by the build workers' fork server only: loads MkDocs, Material, plansite's own modules
and jieba's dictionary once, before any worker is forked (see :mod:`builder.workers`)."""

import builder.plan_build  # noqa: F401 - the workers render pages with it
from builder.workers import warm

warm()
