"""plansite: turn the plain text of a Chinese carbon-peaking plan into a bilingual, cross-linked site.

Stages, each a subpackage with plain data in and out: ``parse`` (text → :class:`builder.model.Plan`),
``extract`` (targets, agencies), ``render`` (model → Markdown pages and data exports) and
``publish`` (MkDocs build) with ``offline`` (the offline bundle's zips). Only :mod:`builder.cli`,
:mod:`builder.project`, :mod:`builder.publish` and :mod:`builder.offline` touch the file system.
"""

__version__ = "0.1.0"
