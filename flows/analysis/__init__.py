"""Stage 2, analysis: a `Model` in; its graph, journeys, who-knows-what and findings out.

`graph.build_graph` makes the networkx MultiDiGraph of record; `journeys`, `knowledge`, `findings` (with
the rules in `rules/`) and `whatif` read it. `run.analyse` runs them all once per model and returns an
`Analysis`. Nothing here decides how anything looks: that is the view stage's job.
"""
