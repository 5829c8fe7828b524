"""python -m analysis <command>: see :mod:`analysis.cli`."""

import sys

from .config import ConfigError

if __name__ == "__main__":
    try:
        from .cli import main
    except ConfigError as exc:  # a broken analysis.toml is bad usage: one Chinese line
        print(f"错误：{exc}", file=sys.stderr)
        sys.exit(2)
    sys.exit(main())
