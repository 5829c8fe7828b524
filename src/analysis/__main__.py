"""python -m analysis <command>: see :mod:`analysis.cli`.

Exit codes: 0 done; 1 a program error; 2 bad usage (one Chinese line: a wrong option, a missing
folder, another command writing the same output folder); 3 everything written except outputs
that could not be replaced (a file open in Excel/Word, a folder in the way: one Chinese line
each); 130 interrupted (Ctrl-C); 141 output pipe closed (``… | head``), quietly.
"""

import os
import sys

from .config import ConfigError

#: A command whose standard output was closed by its reader (128 + SIGPIPE, as the shell reports it).
EXIT_PIPE = 141
EXIT_INTERRUPTED = 130


def _quiet_pipe() -> int:
    """The reader of our output went away: no traceback, no message (stdout pointed at nothing so
    that Python's final flush does not complain)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_PIPE


def run() -> int:
    """Run the command line; end an interruption, a closed pipe or a locked output in one line."""
    try:
        from .cli import main
    except ConfigError as exc:  # a broken analysis.toml is bad usage: one Chinese line
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    from .files import FolderBusy, OutputBlocked, report_blocked

    try:
        code = main()
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except KeyboardInterrupt:
        print("\n已中断（Ctrl-C）：已写完的文件完整可用，未写完的保持原样；重新运行同一命令即可。", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _quiet_pipe()
    except FolderBusy as busy:
        print(f"错误：{busy.line()}", file=sys.stderr)
        return 2
    except OutputBlocked as blocked:
        print(f"错误：{blocked.line()}", file=sys.stderr)
        return report_blocked(3)
    except (FileExistsError, NotADirectoryError) as exc:  # a file where an output folder should be
        where = exc.filename or ""
        print(f"错误：无法写入 {where}：路径中有一个文件挡住了要建立的文件夹，请移走或改名该文件后重试", file=sys.stderr)
        return report_blocked(3)


if __name__ == "__main__":
    sys.exit(run())
