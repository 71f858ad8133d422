from __future__ import annotations

from pitstop.cli import main

raise SystemExit(main())
