"""Speed machinery: the few measured tricks that keep big models fast (see docs/benchmarks.md).

`gc` pauses Python's cyclic collector while a stage allocates millions of objects with no cycles;
`second_core` runs the analysis beside the view in a forked process. No stage logic lives here.
"""
