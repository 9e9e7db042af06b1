"""Benchmarks for particle_orm: ``python -m benchmarks [names...]`` writes RESULTS.md.

Each ``benchmarks/bench_<name>.py`` exposes ``run(report: Report) -> None`` and records
its measurements (with a baseline measured in the same run) on ``report``.

>>> from benchmarks import Report, measure_time
>>> def run(report: Report) -> None:
...     timing = measure_time(lambda: sum(range(1000)))
...     baseline = measure_time(lambda: list(range(1000)))
...     report.record("sum", workload="1k ints", value=timing.median_ms, unit="ms",
...                   baseline=baseline.median_ms, baseline_label="list(range)")
"""

from ._harness import Timing, measure_peak_memory, measure_time
from ._machine import machine_info
from ._report import BenchmarkSkipped, Report, Result

__all__ = [
    "BenchmarkSkipped",
    "Report",
    "Result",
    "Timing",
    "machine_info",
    "measure_peak_memory",
    "measure_time",
]
