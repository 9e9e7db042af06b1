"""``python -m particle_orm``: the same as the ``particle-orm`` console script."""

from __future__ import annotations

import sys

from particle_orm.cli import main

if __name__ == "__main__":
    sys.exit(main())
