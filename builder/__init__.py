"""plansite: turn the plain text of a Chinese carbon-peaking plan into a bilingual, cross-linked site.

Stages, each a subpackage with plain data in and out: ``parse`` (text → :class:`builder.model.Plan`),
``extract`` (targets, agencies), ``render`` (model → Markdown pages and data exports) and
``publish`` (MkDocs build, offline bundle). Only :mod:`builder.cli` and :mod:`builder.publish`
touch the file system.
"""

__version__ = "0.1.0"
