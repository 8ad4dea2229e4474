"""`python -m flows` runs the same CLI as the `adflows` console script."""

from flows.cli import main

main()
