"""The documentation stays true to the code.

* Every public name (``__all__`` of ``particle_orm`` and of each public module or
  subpackage directly under it) has a docstring. The check is static, like the API
  reference generator's: the definition is found by following imports in the source, and
  a constant counts as documented with a string literal right after its assignment or a
  Sphinx ``#:`` comment right above it (the docs build renders both).
* Every Python block in ``docs/*.md`` marked runnable actually runs, in a fresh
  interpreter with the network blocked, so it can only have talked to the embedded
  emulator. Markers (an HTML comment on the line before the fence, invisible on the
  site): ``<!-- runnable -->`` runs the block as a script; ``<!-- runnable: pytest -->``
  runs it as a test module (the particle_orm pytest plugin loads by its entry point).
* A ```` ```text ```` block marked ``<!-- output -->`` is exactly what the page's previous
  runnable block prints; one marked ``<!-- output: particle-orm CMD -->`` is an excerpt
  (its lines in order, ``...`` for skipped lines) of what that command prints.
* The lookup tables of ``docs/models.md`` match the lookup registry, and the API
  reference's index lists every name ``particle_orm`` exports.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import particle_orm

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# --------------------------------------------------------------------------- docstrings


def _public_modules() -> list[str]:
    names = ["particle_orm"]
    for info in pkgutil.iter_modules(particle_orm.__path__):
        if not info.name.startswith("_"):
            names.append(f"particle_orm.{info.name}")
    return sorted(names)


def _public_names() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for module in _public_modules():
        # A module without __all__ fails test_public_module_has_docstring_and_all.
        exported = getattr(importlib.import_module(module), "__all__", ())
        pairs.extend((module, name) for name in exported if not name.startswith("__"))
    return pairs


def _source_lines(module: str) -> list[str]:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, f"cannot locate {module}"
    return Path(spec.origin).read_text(encoding="utf-8").splitlines()


def _comment_docstring(lines: list[str], lineno: int) -> str | None:
    """A Sphinx ``#:`` comment block right above line ``lineno`` (the docs render it too)."""
    found: list[str] = []
    i = lineno - 2
    while i >= 0 and lines[i].lstrip().startswith("#:"):
        found.insert(0, lines[i].lstrip()[2:].strip())
        i -= 1
    return "\n".join(found) if found else None


def _parse(module: str) -> ast.Module:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, f"cannot locate {module}"
    return ast.parse(Path(spec.origin).read_text(encoding="utf-8"))


def _import_source(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module if _is_package(module) else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _is_package(module: str) -> bool:
    spec = importlib.util.find_spec(module)
    return spec is not None and spec.submodule_search_locations is not None


def _targets(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    if sys.version_info >= (3, 12) and isinstance(node, ast.TypeAlias):
        return [node.name.id]
    return []


def static_docstring(module: str, name: str, _depth: int = 0) -> str | None:
    """The docstring of ``module.name`` as written in the source (``None``: there is none).

    Raises ``LookupError`` when the definition cannot be found statically.
    """
    if _depth > 10:
        raise LookupError(f"{module}.{name}: import chain too long")
    tree = _parse(module)
    found: tuple[str, Any] | None = None
    body = list(tree.body)
    # Lazily exported names are imported under `if TYPE_CHECKING:` for type checkers.
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            body.extend(node.body)
    for i, node in enumerate(body):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name == name:
                found = ("def", node)
        elif name in _targets(node):
            found = ("assign", (node, body[i + 1] if i + 1 < len(body) else None))
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    found = ("import", (_import_source(module, node), alias.name))
    if found is None:
        raise LookupError(f"{module}.{name}: no top-level definition or import found")
    kind, value = found
    if kind == "def":
        return ast.get_docstring(value)
    if kind == "assign":
        node, after = value
        if (
            isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            return after.value.value
        return _comment_docstring(_source_lines(module), node.lineno)
    source, original = value
    if _is_package(source):  # ``from package import submodule``
        try:
            spec = importlib.util.find_spec(f"{source}.{original}")
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            return ast.get_docstring(_parse(f"{source}.{original}"))
    return static_docstring(source, original, _depth + 1)


@pytest.mark.parametrize("module", _public_modules())
def test_public_module_has_docstring_and_all(module: str) -> None:
    tree = _parse(module)
    assert (ast.get_docstring(tree) or "").strip(), f"{module} has no module docstring"
    assert hasattr(importlib.import_module(module), "__all__"), f"{module} has no __all__"


@pytest.mark.parametrize(("module", "name"), _public_names())
def test_public_name_has_docstring(module: str, name: str) -> None:
    doc = static_docstring(module, name)
    assert doc is not None and doc.strip(), (
        f"{module}.{name} has no docstring (document a constant with a string literal on the "
        "line after its assignment, or a '#:' comment right above it)"
    )


def test_static_docstring_sees_what_it_should() -> None:
    # The checker itself: a class, a documented constant, an undocumented constant.
    assert static_docstring("particle_orm.client", "AttioClient")
    assert static_docstring("particle_orm.client", "Kind")  # a string after the alias
    assert static_docstring("particle_orm.fields", "FIELD_TYPES")  # a '#:' comment
    assert static_docstring("particle_orm.query._lookups", "L") is None  # a bare TypeVar
    with pytest.raises(LookupError):
        static_docstring("particle_orm", "no_such_name")


# --------------------------------------------------------------------------- runnable blocks

_MARKER = re.compile(r"^<!-- runnable(?:: (?P<mode>[a-z]+))? -->\s*$")
_OUTPUT = re.compile(r"^<!-- output(?:: (?P<command>particle-orm [a-z -]+))? -->\s*$")
_FENCE = re.compile(r"^```python\s*$")


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    mode: str
    code: str
    output: str | None = None  # the ``<!-- output -->`` text block that follows, if any

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def _fenced(lines: list[str], start: int, page: str) -> tuple[str, int]:
    """The text of the fence opening at ``start`` and the index of its closing line."""
    end = next((j for j in range(start + 1, len(lines)) if lines[j].strip() == "```"), None)
    if end is None:
        raise ValueError(f"{page}:{start + 1}: unclosed fence")
    return "\n".join(lines[start + 1 : end]) + "\n", end


def _blocks(text: str, page: str) -> list[Block]:
    lines = text.splitlines()
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        match = _MARKER.match(line)
        output = _OUTPUT.match(line)
        if match is None and output is None:
            continue
        fence = lines[i + 1] if i + 1 < len(lines) else ""
        if output is not None:
            if fence.strip() != "```text":
                raise ValueError(f"{page}:{i + 1}: an output marker must precede a ```text fence")
            if output.group("command"):
                continue  # checked by test_documented_command_output
            if not blocks or blocks[-1].mode != "script" or blocks[-1].output is not None:
                raise ValueError(
                    f"{page}:{i + 1}: an output block needs a runnable block before it"
                )
            expected, _ = _fenced(lines, i + 1, page)
            last = blocks.pop()
            blocks.append(Block(last.page, last.line, last.mode, last.code, expected))
            continue
        assert match is not None
        mode = match.group("mode") or "script"
        if mode not in ("script", "pytest"):
            raise ValueError(f"{page}:{i + 1}: unknown runnable mode {mode!r}")
        if not _FENCE.match(fence):
            raise ValueError(f"{page}:{i + 1}: a runnable marker must precede a ```python fence")
        code, _ = _fenced(lines, i + 1, page)
        blocks.append(Block(page, i + 3, mode, code))
    return blocks


def _commands() -> list[tuple[str, int, str, str]]:
    found: list[tuple[str, int, str, str]] = []
    for path in sorted(DOCS.glob("**/*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            match = _OUTPUT.match(line)
            if match is not None and match.group("command"):
                expected, _ = _fenced(lines, i + 1, str(path))
                page = str(path.relative_to(ROOT))
                found.append((page, i + 1, match.group("command"), expected))
    return found


def _all_blocks() -> list[Block]:
    blocks: list[Block] = []
    for path in sorted(DOCS.glob("**/*.md")):
        blocks.extend(_blocks(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))))
    return blocks


BLOCKS = _all_blocks()

# Runs the block with the network blocked (loopback stays open for a served emulator), so
# a snippet that tried to reach the real Attio API would fail.
_SCRIPT_RUNNER = """\
import runpy, sys
from particle_orm.testing import LOOPBACK, network_blocked
with network_blocked(allow=LOOPBACK):
    runpy.run_path(sys.argv[1], run_name="__main__")
"""


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # The timeout is a hang guard, not a speed assertion.
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def test_runnable_blocks_are_found() -> None:
    pages = {b.page for b in BLOCKS}
    assert len(BLOCKS) >= 10, [b.id for b in BLOCKS]
    assert "docs/index.md" in pages  # the quick start is runnable
    assert any(b.mode == "pytest" for b in BLOCKS)
    assert sum(b.output is not None for b in BLOCKS) >= 3
    assert [c[2] for c in COMMANDS] == ["particle-orm demo"]


def test_marker_parser_rejects_a_marker_without_a_python_fence() -> None:
    with pytest.raises(ValueError, match="must precede"):
        _blocks("<!-- runnable -->\n```sh\nls\n```\n", "x.md")
    assert _blocks("<!-- runnable -->\n```python\nx = 1\n```\n", "x.md")[0].code == "x = 1\n"
    page = "<!-- runnable -->\n```python\nprint(1)\n```\n\n<!-- output -->\n```text\n1\n```\n"
    assert _blocks(page, "x.md")[0].output == "1\n"
    with pytest.raises(ValueError, match="needs a runnable block"):
        _blocks("<!-- output -->\n```text\n1\n```\n", "x.md")


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_runnable_block(block: Block, tmp_path: Path) -> None:
    source = tmp_path / ("test_doc_block.py" if block.mode == "pytest" else "doc_block.py")
    # Pad with blank lines so tracebacks point at the block's line in the page.
    source.write_text("\n" * (block.line - 1) + block.code, encoding="utf-8")
    if block.mode == "script":
        runner = tmp_path / "run_block.py"
        runner.write_text(_SCRIPT_RUNNER, encoding="utf-8")
        result = _run([sys.executable, str(runner), str(source)], ROOT)
    else:
        (tmp_path / "conftest.py").write_text(
            "import pytest\n"
            "from particle_orm.testing import LOOPBACK, network_blocked\n\n"
            "@pytest.fixture(autouse=True)\n"
            "def _no_network():\n"
            "    with network_blocked(allow=LOOPBACK):\n"
            "        yield\n",
            encoding="utf-8",
        )
        result = _run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-o",
                "asyncio_mode=auto",
                "-o",
                "asyncio_default_fixture_loop_scope=function",
                "--rootdir",
                str(tmp_path),
                str(source),
            ],
            tmp_path,
        )
    assert result.returncode == 0, (
        f"{block.id} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    if block.output is not None:
        assert result.stdout.strip() == block.output.strip(), (
            f"{block.id}: the page shows another output than the block prints"
        )


COMMANDS = _commands()


def _is_excerpt_of(expected: str, actual: str) -> bool:
    """Whether the documented lines appear in ``actual`` in order (``...`` skips lines)."""
    lines = iter(line.rstrip() for line in actual.splitlines())
    wanted = [line.rstrip() for line in expected.splitlines() if line.strip() not in ("", "...")]
    return all(any(line == want for line in lines) for want in wanted)


@pytest.mark.parametrize(
    ("page", "line", "command", "expected"), COMMANDS, ids=[f"{c[0]}:{c[1]}" for c in COMMANDS]
)
def test_documented_command_output(page: str, line: int, command: str, expected: str) -> None:
    # Command outputs may hold timings, so the page shows an excerpt: its lines, in order.
    args = command.split()[1:]  # "particle-orm demo" -> python -m particle_orm demo
    result = _run([sys.executable, "-m", "particle_orm", *args], ROOT)
    assert result.returncode == 0, result.stderr[-4000:]
    assert _is_excerpt_of(expected, result.stdout), (
        f"{page}:{line}: the documented output is not an excerpt of:\n{result.stdout}"
    )


def test_excerpt_check() -> None:
    assert _is_excerpt_of("a\n...\nc\n", "a\nb\nc\n")
    assert not _is_excerpt_of("c\n...\na\n", "a\nb\nc\n")  # order matters
    assert not _is_excerpt_of("a\nd\n", "a\nb\nc\n")


# --------------------------------------------------------------------------- lookup tables


def _table_after(text: str, marker: str) -> list[list[str]]:
    lines = text.splitlines()
    start = lines.index(f"<!-- lookup-table: {marker} -->") + 1
    rows: list[list[str]] = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[2:]  # drop the header and the separator


def _codes(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def _builtin_lookups(field_cls: type[Any], prop: str | None) -> set[str]:
    from particle_orm.query import get_lookups

    # Only the library's own lookups: a test elsewhere may register custom ones.
    return {
        name
        for name, lookup in get_lookups(field_cls, prop).items()
        if lookup.__module__ == "particle_orm.query._lookups"
    }


def test_value_lookup_table_matches_the_registry() -> None:
    from particle_orm import fields

    rows = _table_after((DOCS / "models.md").read_text(encoding="utf-8"), "value")
    documented = {_codes(row[0])[0]: row for row in rows}
    assert sorted(documented) == sorted(cls.__name__ for cls in fields.FIELD_TYPES.values())
    for attribute_type, cls in fields.FIELD_TYPES.items():
        row = documented[cls.__name__]
        assert _codes(row[1]) == [attribute_type], cls.__name__
        assert set(_codes(row[4])) == _builtin_lookups(cls, None), cls.__name__


def test_property_lookup_table_matches_the_registry() -> None:
    from particle_orm import fields
    from particle_orm.query import _lookups

    rows = _table_after((DOCS / "models.md").read_text(encoding="utf-8"), "properties")
    documented: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        for field_name in _codes(row[0]):
            for prop in _codes(row[1]):
                assert (field_name, prop) not in documented, (field_name, prop)
                documented[(field_name, prop)] = set(_codes(row[2]))
    registered: dict[tuple[str, str], set[str]] = {}
    for cls in fields.FIELD_TYPES.values():
        for key in _lookups._class_lookups.get(cls, {}):
            if key is not None:
                registered[(cls.__name__, key)] = _builtin_lookups(cls, key)
    assert documented == registered


# --------------------------------------------------------------------------- top-level names


def test_reference_index_lists_every_top_level_name() -> None:
    text = (DOCS / "reference" / "index.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("<!-- top-level-names -->") + 3  # the marker, header, separator
    listed = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        listed.append(_codes(line.split("|")[1])[0])
    assert listed == [n for n in particle_orm.__all__ if not n.startswith("__")]
