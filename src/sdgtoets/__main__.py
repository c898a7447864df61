"""Entry point. ``--version`` is answered before anything heavy is imported, so it is instant."""

from __future__ import annotations

import contextlib
import sys


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        from . import __version__

        try:
            sys.stdout.write(f"sdgtoets {__version__}\n")
            sys.stdout.flush()
        except (OSError, AttributeError) as exc:  # a closed pipe or stdout, a full disk: as in cli.app
            import os

            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                sys.stderr.write(f"sdgtoets: {getattr(exc, 'strerror', None) or exc}\n")
            raise SystemExit(2) from None
        return
    from .cli.app import run

    run()


if __name__ == "__main__":
    main()
