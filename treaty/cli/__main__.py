"""``python -m treaty.cli``: the command line."""

from . import main

main()
