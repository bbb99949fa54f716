from __future__ import annotations

from unspun.cli import main

main()
