"""Stage 3, view: a `Model` and its `Analysis` in; the JSON-ready view the page and exporters draw out.

`graph_view.to_view` is the view contract (labels, colours, shapes, legend, positions); `layout` and
`drawing` place the nodes, `labels` and `legibility` measure text, and `page_view` adds the analysis
sections the HTML page shows. Renderers only serialise what leaves here.
"""
