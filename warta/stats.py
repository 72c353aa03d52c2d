"""What a run did, counted: outcomes per source, failures by reason, wall time per stage."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RunStats:
    counts: Counter[str] = field(default_factory=Counter)
    per_source: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    failures: Counter[str] = field(default_factory=Counter)  # by stage and error class
    seconds: Counter[str] = field(default_factory=Counter)  # wall time per stage
    # chunks per process that ran them (``host:pid``): where a spread-out run did its work
    processes: Counter[str] = field(default_factory=Counter)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - started

    def add(self, source: str | None, key: str, n: int = 1) -> None:
        self.counts[key] += n
        self.per_source[source or "(none)"][key] += n

    def add_all(self, counts: Mapping[str | None, Mapping[str, int]]) -> None:
        """Counts per source from a stage that counted on its own (the queue decision)."""
        for source, by_key in counts.items():
            for key, n in by_key.items():
                self.add(source, key, n)

    def merge(self, other: RunStats) -> None:
        """Add the counts of a part of the run (a chunk done in another process)."""
        self.counts.update(other.counts)
        for source, by_key in other.per_source.items():
            self.per_source[source].update(by_key)
        self.failures.update(other.failures)
        self.seconds.update(other.seconds)
        self.processes.update(other.processes)

    def summary(self) -> dict[str, Any]:
        return {
            **dict(self.counts),
            "per_source": {k: dict(v) for k, v in self.per_source.items()},
            "failures_by_reason": dict(self.failures),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "chunk_processes": dict(self.processes),
        }
