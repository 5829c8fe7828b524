"""Every link and every command quoted in the README and docs/ resolves.

Relative links point at files that exist (and at headings that exist, for ``file.md#anchor``);
``python -m analysis <command>`` names a command of ``analysis.cli`` and only options its parser
has; ``make <target>`` names a target of the Makefile; quoted paths of scripts and modules
(``benchmarks/scale.py``, ``intake/words/matching.py``, ``tests/test_corpus.py`` …) exist, and options
quoted after a script are options it defines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "analysis"
#: The pages checked; docs/notes/ holds working notes (they may name what a branch renamed) and is left out.
DOCS = sorted([ROOT / "README.md", PACKAGE / "resources" / "README.md",
               *(p for p in (ROOT / "docs").rglob("*.md") if "notes" not in p.relative_to(ROOT / "docs").parts)])

FENCE = re.compile(r"^\s*(```|~~~)")
SPAN = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^()\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
ANALYSIS = re.compile(r"python -m analysis\s+([A-Za-z][\w-]*)(.*)")
MODULE = re.compile(r"python -m ((?:analysis|tests|benchmarks|tools)(?:\.\w+)+)")
MAKE = re.compile(r"(?<![\w/.-])make\s+([A-Za-z][\w-]*)")
OPTION = re.compile(r"(?<![\w-])(--[A-Za-z][\w-]*)")
#: A quoted repository path: ASCII only (placeholders such as <年度> or NN_名称 are not paths), a known first folder.
PATH = re.compile(r"^(?:src|tests|benchmarks|tools|docs|notebooks|intake|report|draft|templates|sample|resources)"
                  r"/[A-Za-z0-9_./-]*$")
PATH_ENDINGS = (".py", ".csv", ".yaml", ".yml", ".md", ".toml", ".ipynb", "/")
SCRIPT = re.compile(r"((?:benchmarks|tools)/\w+\.py)(.*)")


@dataclass(frozen=True)
class Quote:
    """One piece of code quoted in a page: a code span or one line of a fenced block."""

    page: Path
    line: int
    text: str


def split_page(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Return (prose lines, code lines) with their line numbers; code spans stay in the prose."""
    prose, code, fenced = [], [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        (code if fenced else prose).append((number, line))
    return prose, code


def quotes_of(page: Path, text: str) -> list[Quote]:
    """Return the code spans of the prose and the lines of fenced blocks (without shell comments)."""
    prose, code = split_page(text)
    found = [Quote(page, n, m.group(1)) for n, line in prose for m in SPAN.finditer(line)]
    found += [Quote(page, n, re.split(r"\s#\s|\s&\s*rem\s", line)[0]) for n, line in code]
    return found


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces → hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors_of(text: str) -> set[str]:
    """Every heading anchor of a page (repeated headings get -1, -2 … as on GitHub)."""
    seen: Counter = Counter()
    out = set()
    for _, line in split_page(text)[0]:
        m = HEADING.match(line)
        if not m:
            continue
        base = slug(m.group(2))
        out.add(base if not seen[base] else f"{base}-{seen[base]}")
        seen[base] += 1
    return out


def broken_links(page: Path, text: str) -> list[str]:
    """Relative links of a page whose file or heading does not exist."""
    problems = []
    for number, line in split_page(text)[0]:
        for m in LINK.finditer(SPAN.sub("", line)):
            target = m.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            file, _, anchor = target.partition("#")
            path = (page.parent / file).resolve()
            if file and not path.exists():
                problems.append(f"{page.name}:{number}: {target}（文件不存在）")
            elif anchor and (not file or path.suffix == ".md") \
                    and anchor not in anchors_of(path.read_text(encoding="utf-8") if file else text):
                problems.append(f"{page.name}:{number}: {target}（没有这个标题）")
    return problems


def command_options() -> dict[str, set[str]]:
    """Each ``python -m analysis`` command → the option strings its parser accepts (nothing is run)."""
    from analysis import cli
    from analysis.arguments import ChineseArgumentParser

    class Parsed(Exception):
        pass

    def capture(self, args=None, namespace=None):
        raise Parsed(self)

    options = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ChineseArgumentParser, "parse_args", capture)
        patch.setattr(ChineseArgumentParser, "parse_known_args", capture)
        for name, (command, _) in cli.COMMANDS.items():
            with pytest.raises(Parsed) as caught:
                command([])
            options[name] = set(caught.value.args[0]._option_string_actions)
    return options


def make_targets() -> set[str]:
    """Targets defined in the Makefile."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w.-]*)\s*:(?!=)", text, flags=re.M))


def path_exists(page: Path, quoted: str) -> bool:
    """A quoted path exists from the repository root, the package or the page's folder."""
    return any((base / quoted).exists() for base in (ROOT, PACKAGE, page.parent))


def module_exists(name: str) -> bool:
    """``tests.corpus.generate`` or ``analysis.sample.check`` is a module of this repository."""
    parts = Path(*name.split("."))
    return any((base / parts).with_suffix(".py").is_file() or (base / parts / "__main__.py").is_file()
               for base in (ROOT, ROOT / "src"))


def bad_quotes(quotes: list[Quote], options: dict[str, set[str]], targets: set[str]) -> list[str]:
    """Commands, options, make targets, modules and paths quoted that do not exist."""
    problems = []
    for q in quotes:
        where = f"{q.page.name}:{q.line}"
        calls = [(m.group(1), m.group(2)) for m in ANALYSIS.finditer(q.text)]
        first = q.text.split(maxsplit=1)
        if not calls and first and first[0] in options and OPTION.search(q.text):  # `clean --year 2024`
            calls = [(first[0], first[1] if len(first) > 1 else "")]
        for command, rest in calls:
            if command not in options:
                problems.append(f"{where}: python -m analysis {command}（没有这个命令）")
                continue
            problems += [f"{where}: {command} {o}（没有这个选项）" for o in OPTION.findall(rest)
                         if o not in options[command]]
        problems += [f"{where}: python -m {m}（没有这个模块）" for m in MODULE.findall(q.text) if not module_exists(m)]
        problems += [f"{where}: make {t}（Makefile 中没有）" for t in MAKE.findall(q.text) if t not in targets]
        for token in q.text.replace("[", " ").replace("]", " ").split():
            if PATH.match(token) and token.endswith(PATH_ENDINGS) and not path_exists(q.page, token):
                problems.append(f"{where}: {token}（文件不存在）")
        for script, rest in SCRIPT.findall(q.text):
            source = ROOT / script
            if source.is_file():
                text = source.read_text(encoding="utf-8")
                problems += [f"{where}: {script} {o}（脚本没有这个选项）" for o in OPTION.findall(rest)
                             if f'"{o}"' not in text]
    return problems


@pytest.fixture(scope="module")
def pages() -> dict[Path, str]:
    return {page: page.read_text(encoding="utf-8") for page in DOCS}


def test_every_relative_link_resolves(pages):
    assert [p for page, text in pages.items() for p in broken_links(page, text)] == []


def test_every_quoted_command_and_path_exists(pages):
    quotes = [q for page, text in pages.items() for q in quotes_of(page, text)]
    assert len(quotes) > 100  # the pages do quote commands: an empty scan would prove nothing
    assert bad_quotes(quotes, command_options(), make_targets()) == []


def test_readme_points_to_every_docs_page(pages):
    readme = pages[ROOT / "README.md"]
    linked = {(ROOT / m).resolve() for m in LINK.findall(readme)}
    assert "make report" in readme and "make test" in readme and "## 深入阅读" in readme
    assert [p.name for p in sorted((ROOT / "docs").glob("*.md")) if p.resolve() not in linked] == []


def test_the_check_catches_what_it_should(tmp_path):
    page = tmp_path / "page.md"
    text = ("# 标题：一个例子\n\n[好](#标题一个例子) [坏](#没有) [缺](missing.md)\n\n"
            "`python -m analysis clean --year 2025 --no-such-option` `python -m analysis nothing`\n"
            "`metrics --nope` `make nowhere` `benchmarks/none.py` `python -m tests.corpus.nothing`\n\n"
            "```bash\nmake report   # make nowhere in a comment is not a command\n```\n")
    links = broken_links(page, text)
    assert [p.split(": ", 1)[1] for p in links] == ["#没有（没有这个标题）", "missing.md（文件不存在）"]
    problems = bad_quotes(quotes_of(page, text), command_options(), make_targets())
    assert [p.split(": ", 1)[1] for p in problems] == [
        "clean --no-such-option（没有这个选项）", "python -m analysis nothing（没有这个命令）",
        "metrics --nope（没有这个选项）", "make nowhere（Makefile 中没有）", "benchmarks/none.py（文件不存在）",
        "python -m tests.corpus.nothing（没有这个模块）",
    ]


def test_resources_readme_describes_every_table_and_names_real_readers(pages):
    text = pages[PACKAGE / "resources" / "README.md"]
    quoted = set(SPAN.findall(text))
    tables = sorted(p.name for p in (PACKAGE / "resources").iterdir() if p.suffix in (".csv", ".yaml"))
    assert [t for t in tables if t not in quoted] == []
    modules = {p.name for p in PACKAGE.rglob("*.py")}
    assert [q for q in quoted if re.fullmatch(r"\w+\.py", q) and q not in modules] == []
    from analysis import resources, template_columns

    named = re.findall(r"`(resources|template_columns)\.(?!py`)(\w+)`", text)
    assert named and [f"{m}.{f}" for m, f in named
                      if not hasattr({"resources": resources, "template_columns": template_columns}[m], f)] == []
