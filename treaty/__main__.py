"""``python -m treaty``: the command line."""

from .cli import main

main()
