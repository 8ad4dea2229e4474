"""Speed machinery, in one place: the few measured tricks that keep big models fast.

One switch, at the entry points: `paused_gc()` switches Python's cyclic garbage collector off for a
whole batch command (`flows.cli.main`, every command but `serve`), for each model the web app prepares
(`web.service.Prepared`) and for a notebook's `show`. Loading, analysis and view building make
millions of small objects and no reference cycles, while the collector rescans the whole heap again and
again: rendering the 5,000-node benchmark model in-process took 4.39 s with it and 2.89 s without
(load 1.52 -> 1.14 s, render 2.87 -> 1.75 s). Stages never touch it; a library caller rendering a
big model wraps the call in `paused_gc()` itself.

`second_core.beside` runs the analysis in a forked process while this one builds the drawing view,
for models of 5,000 nodes and flows or more: 1.89 -> 1.69 s for that render (measured as above).

Two more pieces live with the code they speed up, each with its gain in its docstring: the schema's
plain-data validator (`flows.input.schema.plain_validator`: 0.06 s instead of pydantic's models' 0.17 s
at 5,000 nodes) and the one-step frozen `__init__` of `KnownItem` (`flows.analysis.knowledge`).
"""
