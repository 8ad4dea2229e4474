"""Stage 4, output: the view in; files out.

`page.render_html` writes the single-file offline HTML page (with `templates/` and `static/`),
`notebook` shows it in Jupyter, `picture` draws PNG/SVG, `report` writes text, Markdown and JSON,
`export/` writes DOT, Mermaid, GraphML, GEXF, Kumu and CSV, `diff` compares two models and
`gallery_index` writes the models' README table.
"""
