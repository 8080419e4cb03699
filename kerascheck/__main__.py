"""Allow ``python -m kerascheck``."""

from kerascheck.cli import main

raise SystemExit(main())
