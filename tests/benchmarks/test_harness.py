"""benchmarks/_harness.py: timing and peak memory helpers."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from benchmarks import Timing, measure_peak_memory, measure_time


def test_measure_time_counts_warmup_and_samples() -> None:
    calls: list[int] = []
    timing = measure_time(lambda: calls.append(1), warmup=3, repeats=4, number=5)
    assert len(calls) == 3 + 4 * 5
    assert len(timing.samples) == 4 and timing.number == 5
    assert all(sample >= 0 for sample in timing.samples)


def test_gc_restored_after_timing() -> None:
    assert gc.isenabled()
    measure_time(lambda: None, repeats=2)
    assert gc.isenabled()


def test_gc_restored_when_the_function_raises() -> None:
    def boom() -> None:
        raise RuntimeError("x")

    with pytest.raises(RuntimeError):
        measure_time(boom, warmup=0)
    assert gc.isenabled()


@pytest.mark.parametrize(
    "options", [{"repeats": 0}, {"number": 0}, {"warmup": -1}], ids=["repeats", "number", "warmup"]
)
def test_bad_options_rejected(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=next(iter(options))):
        measure_time(lambda: None, **options)


def test_timing_statistics() -> None:
    timing = Timing((0.003, 0.001, 0.002), number=1)
    assert timing.median == 0.002
    assert timing.median_ms == pytest.approx(2.0)
    assert timing.median_us == pytest.approx(2000.0)
    assert timing.best == 0.001
    assert timing.spread == pytest.approx(1.0)


def test_peak_memory_sees_allocation() -> None:
    size = 4_000_000
    assert measure_peak_memory(lambda: bytearray(size)) >= size
    assert measure_peak_memory(lambda: None) < size // 10
