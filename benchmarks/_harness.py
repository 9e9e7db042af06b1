"""Measuring: median wall time with warmup and repeats, and peak Python memory.

>>> timing = measure_time(lambda: sorted(range(1000)), repeats=5)
>>> timing.median > 0
True
>>> peak = measure_peak_memory(lambda: [0] * 100_000)
>>> peak > 800_000
True
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Timing", "measure_peak_memory", "measure_time"]


@dataclass(frozen=True)
class Timing:
    """Per-call wall times (seconds) of one measured callable; ``median`` is the headline.

    >>> Timing((0.002, 0.001, 0.003), number=1).median_ms
    2.0
    """

    samples: tuple[float, ...]
    number: int

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def median_ms(self) -> float:
        return self.median * 1e3

    @property
    def median_us(self) -> float:
        return self.median * 1e6

    @property
    def best(self) -> float:
        return min(self.samples)

    @property
    def spread(self) -> float:
        """(max - min) / median: how noisy the samples were."""
        return (max(self.samples) - min(self.samples)) / self.median if self.median else 0.0


def measure_time(
    func: Callable[[], Any],
    *,
    warmup: int = 2,
    repeats: int = 9,
    number: int = 1,
    disable_gc: bool = True,
) -> Timing:
    """Time ``func()``: ``warmup`` unmeasured calls, then ``repeats`` samples.

    Each sample times ``number`` consecutive calls with ``time.perf_counter`` and is
    divided by ``number`` (raise it for sub-millisecond work). The GC is paused while
    sampling (as ``timeit`` does) so one collection does not skew a single sample.

    >>> measure_time(lambda: None, repeats=3, number=100).number
    100
    """
    if repeats < 1 or number < 1 or warmup < 0:
        raise ValueError(
            f"repeats and number must be >= 1 and warmup >= 0 "
            f"(got repeats={repeats}, number={number}, warmup={warmup})"
        )
    for _ in range(warmup):
        func()
    gc_was_enabled = gc.isenabled()
    if disable_gc:
        gc.collect()
        gc.disable()
    samples = []
    try:
        counter = time.perf_counter
        for _ in range(repeats):
            start = counter()
            for _ in range(number):
                func()
            samples.append((counter() - start) / number)
    finally:
        if gc_was_enabled:
            gc.enable()
    return Timing(tuple(samples), number)


def measure_peak_memory(func: Callable[[], Any]) -> int:
    """Peak bytes allocated by Python while ``func()`` runs (``tracemalloc``).

    Native allocations (a Rust validator, C extensions using their own allocator) are
    not seen. The result of ``func`` stays alive until the peak is read, so memory it
    returns counts.

    >>> measure_peak_memory(lambda: bytearray(1_000_000)) >= 1_000_000
    True
    """
    gc.collect()
    already = tracemalloc.is_tracing()
    if not already:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        result = func()
        _, peak = tracemalloc.get_traced_memory()
        del result
    finally:
        if not already:
            tracemalloc.stop()
    return max(0, peak - base)
