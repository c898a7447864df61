"""Entry point. ``--version`` is answered before anything heavy is imported, so it is instant."""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from . import __version__

        sys.stdout.write(f"sdgtoets {__version__}\n")
        return
    from .cli.app import run

    run()


if __name__ == "__main__":
    main()
