"""plansite: turn the plain text of a Chinese carbon-peaking plan into a bilingual, cross-linked site.

The stages, in the order data flows (``python -m tests.test_imports`` prints the graph; a test
fails on a cycle or on a module that imports a later stage):

core      ``errors``, ``ids`` (the id grammar), ``model`` (the document tree), ``agencies``
          (the agency registry)
import    ``importer`` (a PDF or saved web page → the plan's text, wording unchanged)
parse     text → :class:`builder.model.Plan`, losing nothing
extract   targets and terms in the tree
data      ``serialize`` (the model as YAML and JSON), ``versions`` (``ids.yaml``: old ids → new)
render    model → Markdown pages and data exports, in memory (no file system)
project   the project on disk: seeds, curated content, templates (reads files; ``refresh``, in
          publish, writes a plan's ``plan.yaml``)
publish   ``refresh`` (a plan's text → its ``plan.yaml``, which the site is rendered from),
          ``settings`` (each MkDocs build's settings, the jieba dictionary), ``plan_build`` (a
          plan's pages, in a worker), ``summaries`` (what the portal and glossary need of a plan), ``workers``, ``cache``, ``sitemap``,
          ``offline`` (settings and zips), ``publish`` (the build driver), ``bundles``
commands  ``cli``, ``check``, ``mkdocs_hooks`` (MkDocs' side of a build), ``warm``

Build state lives in a :class:`builder.publish.Request` that ``plansite build`` hands to the root
MkDocs build in its configuration; :func:`builder.publish.build_site` returns a
:class:`builder.publish.BuildResult`. No module keeps a build's state in a global.
"""

__version__ = "0.1.0"
