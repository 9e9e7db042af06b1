"""A plain stderr progress bar for commits (``Session(progress=...)``), no dependencies.

On a terminal the bar redraws in place; otherwise (CI logs, pipes) it prints one line per
quarter, so logs stay short.

Example:
    >>> import io
    >>> from particle_orm.session import Progress
    >>> out = io.StringIO()
    >>> bar = ProgressBar("importing", out, width=10)
    >>> for done in range(1, 5):
    ...     bar(Progress(done, 4, None))
    >>> print(out.getvalue(), end="")
      importing [##........]   1/4  25%
      importing [#####.....]   2/4  50%
      importing [#######...]   3/4  75%
      importing [##########]   4/4 100%
"""

from __future__ import annotations

from typing import TextIO

from particle_orm.session import Progress

__all__ = ["ProgressBar"]


class ProgressBar:
    """A callable for ``progress=``: draws ``label [####....] done/total pct``.

    Example:
        >>> import io
        >>> ProgressBar("x", io.StringIO()).interactive
        False
    """

    def __init__(self, label: str, out: TextIO, *, width: int = 30) -> None:
        self.label = label
        self.out = out
        self.width = width
        isatty = getattr(out, "isatty", None)
        self.interactive = bool(isatty and isatty())
        self._quarter = 0
        self.last: Progress | None = None

    def _render(self, p: Progress) -> str:
        filled = round(self.width * p.fraction)
        digits = len(str(p.total))
        return (
            f"  {self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{p.done:>{digits + 2}}/{p.total} {p.fraction:>4.0%}"
        )

    def __call__(self, progress: Progress) -> None:
        self.last = progress
        finished = progress.done >= progress.total
        if self.interactive:
            end = "\n" if finished else ""
            self.out.write("\r" + self._render(progress) + end)
            self.out.flush()
            return
        quarter = int(progress.fraction * 4)
        if quarter > self._quarter or (finished and self._quarter < 4):
            self._quarter = max(quarter, 4 if finished else quarter)
            print(self._render(progress), file=self.out, flush=True)
