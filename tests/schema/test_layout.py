"""The generator's line layout is exactly what ``ruff format`` keeps (checked against ruff)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from particle_orm.schema._layout import WIDTH, assign_call

REPO = Path(__file__).resolve().parents[2]


def _statements(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    lines = ["class A:"]
    for _ in range(n):
        name = "f" + "x" * rng.randint(0, 60)
        enum = "E" + "e" * rng.randint(0, 60)
        kind = rng.choice(["Select", "Reference", "ActorReference", "Text"])
        annotation = rng.choice(
            [f"fields.{kind}[list[{enum}]]", f"fields.{kind}[{enum} | None]", f"fields.{kind}"]
        )
        pool = [
            f"enum={enum}",
            "many=True",
            "required=True",
            "unique=True",
            "read_only=True",
            f'slug="{"s" * rng.randint(1, 70)}"',
            f'f"{{__name__}}.{enum}"',
        ]
        args = rng.sample(pool, rng.randint(0, 5))
        args.sort(key=lambda a: not a.startswith('f"'))  # positional first
        lines.extend(assign_call("    ", name, annotation, f"fields.{kind}", args))
    return lines


def test_layout_is_stable_under_ruff_format(tmp_path: Path) -> None:
    source = "\n".join(_statements(seed=20261125, n=400)) + "\n"
    module = tmp_path / "layout_cases.py"
    module.write_text(source)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "format",
            "--config",
            str(REPO / "pyproject.toml"),
            "--diff",
            str(module),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[:4000] + proc.stderr[:2000]


def test_lines_fit_the_width() -> None:
    lines = _statements(seed=1, n=300)
    assert max(len(line) for line in lines) <= WIDTH


def test_short_statement_stays_on_one_line() -> None:
    assert assign_call("    ", "x", "fields.Text", "fields.Text", []) == [
        "    x: fields.Text = fields.Text()"
    ]


def test_arguments_that_do_not_fit_together_get_a_line_each() -> None:
    args = [f'slug="{"s" * 40}"', f"enum={'E' * 40}", "many=True"]
    lines = assign_call("    ", "tags", "fields.Select[list[E]]", "fields.Select", args)
    assert lines[0] == "    tags: fields.Select[list[E]] = fields.Select("
    assert lines[1:-1] == [f"        {a}," for a in args]
    assert lines[-1] == "    )"
