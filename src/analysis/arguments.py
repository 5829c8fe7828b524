"""Command-line parsing in Chinese: help, usage and errors; bad usage is one line and exit 2."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator

from .config import parse_memory_limit, parse_seconds

#: argparse's own texts, in Chinese (its messages go through gettext's ``_``).
MESSAGES = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "参数",
    "show this help message and exit": "显示本帮助并退出",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的%(type)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "取值 %(value)r 无效（可选：%(choices)s）",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "one of the arguments %s is required": "需要参数 %s 之一",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
#: Type names as argparse shows them in "invalid <type> value".
TYPE_NAMES = {"int": "整数", "float": "数字", "str": "文本"}


def _translate(text: str) -> str:
    return MESSAGES.get(text, text)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "需要 %s 个值"
    return singular if n == 1 else plural


@contextlib.contextmanager
def chinese_messages() -> Iterator[None]:
    """Let argparse speak Chinese while it formats help and errors (restored afterwards)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _translate, _ntranslate
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def year_value(text: str) -> int:
    """A --year value: a four-digit year 2000–2100."""
    try:
        year = int(str(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份（应为四位数字，如 2025）") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"年份 {year} 超出范围（2000–2100）")
    return year


def positive_int(text: str) -> int:
    """A count ≥ 1 (--jobs)."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为不小于 1 的整数，实际为 {value}")
    return value


def memory_value(text: str) -> int:
    """A --memory-limit value in bytes (2GB, 512MB, a bare number of MB); 0 for no limit."""
    try:
        return parse_memory_limit(text) or 0
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def seconds_value(text: str) -> float:
    """A --file-timeout value in seconds; 0 for no limit."""
    try:
        return parse_seconds(text) or 0.0
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help with a Chinese usage line, descriptions kept as written."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: D102 - argparse's signature
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)

    def format_help(self) -> str:  # section headings end in a Chinese colon
        text = super().format_help()
        return text.replace("选项:\n", "选项：\n").replace("参数:\n", "参数：\n")


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Chinese; an error is one line, exit status 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def parse_known_args(self, args=None, namespace=None):
        with chinese_messages():
            return super().parse_known_args(args, namespace)

    def parse_args(self, args=None, namespace=None):
        with chinese_messages():
            return super().parse_args(args, namespace)

    def format_help(self) -> str:
        with chinese_messages():
            return super().format_help()

    def format_usage(self) -> str:
        with chinese_messages():
            return super().format_usage()

    def error(self, message: str):
        """Print one Chinese line naming the problem and where help is, then exit 2."""
        for english, chinese in TYPE_NAMES.items():
            message = message.replace(f"不是有效的{english}", f"不是有效的{chinese}")
        print(f"错误：{message}（{self.prog} --help 查看用法）", file=sys.stderr)
        sys.exit(2)


def usage_error(message: str) -> int:
    """Print a one-line Chinese usage error; return exit status 2."""
    print(f"错误：{message}", file=sys.stderr)
    return 2
