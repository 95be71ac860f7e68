"""Render the model into Markdown pages for MkDocs and the data exports.

Guarantees: nothing here reads or writes a file (pages come back as ``path → text``); every text
from a plan or from curated content reaches a page through one escaping place per output kind
(Jinja2's autoescape for pages, :func:`builder.render.site.front_matter_title` for page titles,
:mod:`builder.render.charts` for SVG, :func:`builder.render.exports.csv_cell` for CSV, JSON and
YAML through :mod:`builder.serialize`); the same model renders the same bytes.
"""
