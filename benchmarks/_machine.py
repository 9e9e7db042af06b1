"""What the benchmarks ran on: CPU, cores, memory, Python, OS and date."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from pathlib import Path

__all__ = ["machine_info"]


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine() or "unknown"


def _memory_bytes() -> int | None:
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def _usable_cores() -> int | None:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def machine_info() -> dict[str, str]:
    """Facts about this machine and interpreter, as display strings.

    >>> sorted(machine_info())[:3]
    ['CPU', 'Cores', 'Date (UTC)']
    """
    memory = _memory_bytes()
    return {
        "CPU": _cpu_model(),
        "Cores": f"{_usable_cores()} usable / {os.cpu_count()} logical",
        "Memory": f"{memory / 2**30:.1f} GiB" if memory else "unknown",
        "Python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "OS": platform.platform(),
        "Date (UTC)": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
    }
