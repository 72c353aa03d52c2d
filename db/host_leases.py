"""Per-server politeness in PostgreSQL: the ``HostGate`` of fetchers in several processes.

Each server has one ``host_leases`` row.  A fetcher claims it for one request (one statement:
granted only when no request is in flight and the server's next allowed moment has come),
fetches, and releases it with the pause the next request must wait.  Every time is the
database's clock, so machines whose clocks differ still space their requests.  A claim holds
no connection while the request runs: a holder that dies lets go at ``held_until``.

Why PostgreSQL and not Prefect's global concurrency limits (``benchmarks/host_spacing.py``
measures both; numbers in the README): every worker already reaches the database (it loads
the articles there); a claim and its release are two short statements (7 ms together on a
busy 2-core machine, against 74 ms for one Prefect ``rate_limit`` call through its API); and
the row keeps both rules of the in-process fetcher, one request in flight per server and the
spacing after it ends.  Prefect's rate limits only space the moments slots are taken (two
requests 38 ms apart were seen under a 200 ms limit), know nothing of a request in flight, and
need one limit created per host on the Prefect server.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

# A Retry-After of 1e300 seconds is finite but no PostgreSQL interval: a year is plenty (the
# fetcher leaves any wait over WARTA_MAX_HOST_WAIT_S to the next run anyway).
MAX_PAUSE_S = 365 * 86400.0

CLAIM = text(
    """
    INSERT INTO host_leases AS lease (server, holder, held_until, next_allowed_at)
    VALUES (:server, :holder, clock_timestamp() + make_interval(secs => :hold),
            clock_timestamp())
    ON CONFLICT (server) DO UPDATE
        SET holder = excluded.holder, held_until = excluded.held_until
        WHERE lease.next_allowed_at <= clock_timestamp()
          AND (lease.held_until IS NULL OR lease.held_until < clock_timestamp())
    RETURNING true
    """
)

STATE = text(
    """
    SELECT extract(epoch FROM next_allowed_at - clock_timestamp()),
           held_until > clock_timestamp()
    FROM host_leases WHERE server = :server
    """
)

RELEASE = text(
    """
    UPDATE host_leases
    SET holder = NULL, held_until = NULL,
        next_allowed_at = greatest(next_allowed_at,
                                   clock_timestamp() + make_interval(secs => :pause))
    WHERE server = :server AND holder = :holder
    """
)

DEFER = text(
    """
    UPDATE host_leases
    SET next_allowed_at = greatest(next_allowed_at,
                                   clock_timestamp() + make_interval(secs => :pause))
    WHERE server = :server
    """
)


class HostLeases:
    """A ``warta.acquire.polite.HostGate`` over the ``host_leases`` table.

    ``hold_s``: how long a claim lasts if its holder never releases it (the fetch deadline
    plus a margin: a live request never outlasts it)."""

    def __init__(self, engine: Engine, hold_s: float) -> None:
        self.engine = engine
        self.hold_s = hold_s

    def claim(self, server: str, holder: str, interval: float) -> float:
        with self.engine.begin() as connection:
            params = {"server": server, "holder": holder, "hold": self.hold_s}
            if connection.execute(CLAIM, params).first() is not None:
                return 0.0
            row = connection.execute(STATE, {"server": server}).first()
        if row is None:  # no row can vanish (none is deleted); ask again rather than assume
            return 0.001
        wait, busy = float(row[0] or 0.0), bool(row[1])
        # a request in flight ends at a moment nobody knows: ask again soon, but not hammering
        poll = min(max(interval / 10, 0.02), 0.25)
        return max(wait, poll if busy else 0.0, 0.001)

    def release(self, server: str, holder: str, pause_s: float) -> None:
        with self.engine.begin() as connection:
            params = {"server": server, "holder": holder, "pause": min(pause_s, MAX_PAUSE_S)}
            connection.execute(RELEASE, params)

    def defer(self, server: str, pause_s: float) -> None:
        with self.engine.begin() as connection:
            connection.execute(DEFER, {"server": server, "pause": min(pause_s, MAX_PAUSE_S)})
