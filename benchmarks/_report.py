"""Benchmark results: what a ``bench_*`` module records, and how it is rendered.

>>> report = Report("demo")
>>> result = report.record("parse", workload="1 page", value=2.0, unit="ms",
...                        baseline=1.0, baseline_label="json.loads", max_ratio=3.0)
>>> result.ratio, result.passed
(2.0, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = ["BenchmarkSkipped", "Report", "Result"]


class BenchmarkSkipped(Exception):
    """Raised by :meth:`Report.skip`: the benchmark cannot run here (reason attached)."""


@dataclass(frozen=True)
class Result:
    """One measured quantity, its same-run baseline and its target.

    ``ratio`` is ``value / baseline``. ``passed`` is ``None`` when no target was set,
    else whether every given bound (``max_ratio``, ``max_value``, ``min_value``) held.

    >>> Result("x", "w", 5.0, "ms", max_value=4.0).passed
    False
    """

    name: str
    workload: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    max_ratio: float | None = None
    max_value: float | None = None
    min_value: float | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise ValueError(f"result {self.name!r}: value must be finite, got {self.value!r}")
        if self.baseline is not None and not (math.isfinite(self.baseline) and self.baseline > 0):
            raise ValueError(
                f"result {self.name!r}: baseline must be finite and > 0, got {self.baseline!r}"
            )
        if self.max_ratio is not None and self.baseline is None:
            raise ValueError(f"result {self.name!r}: max_ratio needs a baseline")

    @property
    def ratio(self) -> float | None:
        return None if self.baseline is None else self.value / self.baseline

    @property
    def passed(self) -> bool | None:
        checks = []
        if self.max_ratio is not None:
            ratio = self.ratio
            checks.append(ratio is not None and ratio <= self.max_ratio)
        if self.max_value is not None:
            checks.append(self.value <= self.max_value)
        if self.min_value is not None:
            checks.append(self.value >= self.min_value)
        return all(checks) if checks else None

    @property
    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"ratio ≤ {self.max_ratio:g}×")
        if self.max_value is not None:
            parts.append(f"≤ {_number(self.max_value)} {self.unit}")
        if self.min_value is not None:
            parts.append(f"≥ {_number(self.min_value)} {self.unit}")
        return ", ".join(parts)


def _number(value: float) -> str:
    if value == 0 or 0.01 <= abs(value) < 1e6:
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return f"{value:.3g}"


@dataclass
class Report:
    """Collects the results of one benchmark module (one table in RESULTS.md).

    >>> Report("contract", "Spec validation").results
    []
    """

    name: str
    description: str = ""
    results: list[Result] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: str | None = None
    error: str | None = None
    seconds: float = 0.0

    def record(
        self,
        name: str,
        *,
        workload: str,
        value: float,
        unit: str,
        baseline: float | None = None,
        baseline_label: str = "",
        max_ratio: float | None = None,
        max_value: float | None = None,
        min_value: float | None = None,
        note: str = "",
    ) -> Result:
        """Record one measurement; ``baseline`` must come from the same run and unit."""
        result = Result(
            name,
            workload,
            float(value),
            unit,
            None if baseline is None else float(baseline),
            baseline_label,
            max_ratio,
            max_value,
            min_value,
            note,
        )
        self.results.append(result)
        return result

    def note(self, text: str) -> None:
        """Add a line of context under the table (method, caveats)."""
        self.notes.append(text)

    def skip(self, reason: str) -> None:
        """Stop this benchmark and show ``reason`` in RESULTS.md instead of a table."""
        raise BenchmarkSkipped(reason)

    @property
    def failed(self) -> bool:
        return self.error is not None or any(r.passed is False for r in self.results)

    def to_markdown(self) -> str:
        title = f"## {self.name}" + (f" — {self.description}" if self.description else "")
        lines = [title, ""]
        if self.error is not None:
            lines += ["**ERROR**", "", "```", self.error.rstrip(), "```", ""]
        if self.skipped is not None:
            lines += [f"*Skipped:* {self.skipped}", ""]
        if self.results:
            lines += [
                "| result | workload | measured | baseline | ratio | target | pass |",
                "|---|---|---:|---:|---:|---|:---:|",
            ]
            for r in self.results:
                base = "–"
                if r.baseline is not None:
                    base = f"{_number(r.baseline)} {r.unit}"
                    if r.baseline_label:
                        base += f" ({r.baseline_label})"
                ratio = "–" if r.ratio is None else f"{r.ratio:.2f}×"
                verdict = {None: "–", True: "✅", False: "❌"}[r.passed]
                name = r.name + (f" (*{r.note}*)" if r.note else "")
                lines.append(
                    f"| {name} | {r.workload} | {_number(r.value)} {r.unit} | {base} | "
                    f"{ratio} | {r.target or '–'} | {verdict} |"
                )
            lines.append("")
        lines += [f"- {text}" for text in self.notes]
        if self.notes:
            lines.append("")
        lines.append(f"*Ran in {self.seconds:.1f} s.*")
        lines.append("")
        return "\n".join(lines)
