"""`python -m generator` is the same as the `specgen` console script."""

from .cli import main

raise SystemExit(main())
