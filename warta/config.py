"""Settings: the one home of every knob (environment ``WARTA_*``, ``DATABASE_URL``, overrides)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import platformdirs
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARTA_", extra="ignore", populate_by_name=True)

    # SQLAlchemy URL with the psycopg driver; unset -> embedded PostgreSQL.
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "WARTA_DATABASE_URL")
    )
    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("warta")))
    user_agent: str = "warta/0.1 (news ETL for research; +https://github.com/warta-news/warta)"
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    # Total seconds one fetch may take, redirects and a trickled body included (the read
    # timeout only bounds the gap between two packets).
    fetch_deadline_s: float = 120.0
    # Longer URLs are refused before any request (a failure row): keys stay indexable.
    max_url_bytes: int = 2000
    # All the pages of one article together (rel=next chains): later pages are not fetched.
    max_article_bytes: int = 16 * 1024 * 1024
    # A gzipped sitemap is decompressed up to this many bytes (the protocol's limit is 50 MB).
    max_sitemap_bytes: int = 50 * 1024 * 1024
    # A host that asks for a longer pause (Retry-After, robots.txt Crawl-delay) is left to the
    # next run: its remaining URLs become failure rows at once instead of stalling the run.
    max_host_wait_s: float = 3600.0
    # Characters of an article's text given to the NLP stage; a longer text still loads in
    # full, its entities and quotes come from the first ``max_nlp_chars`` (nlp_status says so).
    max_nlp_chars: int = 100_000
    fetch_retries: int = 2  # extra attempts on 429, 5xx and timeouts, within one run
    retry_base_s: float = 1.0  # exponential backoff base (with jitter); Retry-After wins if longer
    retry_max_s: float = 60.0  # longer waits are left to the next run
    host_rate: float = 1.0  # requests per second per host (sources.yaml can override)
    global_concurrency: int = 8
    failure_retry_base_s: float = 3600.0  # a failed URL is retried by later runs after this x 2^n
    failure_max_attempts: int = 5  # then it is marked given up
    # a page refused as not an article (home, section, index) is fetched again after this
    not_article_recheck_days: float = Field(default=30.0, ge=0)
    # Send every request through this HTTP proxy (production egress proxies; the tests use a
    # local proxy that serves saved pages under their real host names).
    http_proxy: str | None = None
    # Loopback and private addresses are refused unless allowed (tests and the demo allow them).
    allow_private_hosts: bool = False
    # The newsroom's zone: naive dates, report days and the nightly schedule are read in it.
    default_timezone: str = "Asia/Jakarta"
    enrich_workers: int = 1  # processes for the NLP stage (each loads the models once)
    # URLs per chunk task (fetched, enriched and loaded together): per-task orchestration costs
    # milliseconds, and a chunk in flight holds its pages; memory stays flat on long runs.
    chunk_size: int = Field(default=50, ge=1)
    # Run the chunks on a Dask cluster (needs `pip install 'warta[dask]'`): the scheduler's
    # address (``tcp://scheduler:8786``), or a local cluster of this many worker processes.
    dask_address: str | None = None
    dask_workers: int | None = Field(default=None, ge=1)
    # Per-host spacing through PostgreSQL (the ``host_leases`` table), so that processes and
    # machines fetching at once stay polite together.  Unset: on when the chunks run outside
    # this process (Dask); true also covers separate runs at once (work-pool workers).
    shared_host_spacing: bool | None = None
    shared_dir: Path = Field(
        default_factory=lambda: REPO_ROOT.parent / "shared",
        validation_alias=AliasChoices("WARTA_SHARED", "WARTA_SHARED_DIR"),
    )
    # Official Stanza models (Stanza's own variable); warta never downloads into it.
    stanza_resources_dir: Path | None = Field(
        default=None, validation_alias=AliasChoices("STANZA_RESOURCES_DIR")
    )
    stanza_log_level: str = "ERROR"  # Stanza's model tables are noise for an ETL run
    sources_file: Path = REPO_ROOT / "sources.yaml"
    # Fixed, so that a demo page keeps its URL (its key) across demo runs.
    demo_port: int = 8765

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.default_timezone)


_overrides: dict[str, Any] = {}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings(**_overrides)


def configure(**overrides: Any) -> Settings:
    """Set knobs from code (the CLI's flags, the demo) on top of the environment.

    Worker processes forked later inherit them; nothing is written to ``os.environ``.
    """
    _overrides.update({k: v for k, v in overrides.items() if v is not None})
    get_settings.cache_clear()
    return get_settings()


def reset_settings() -> None:
    """Forget overrides and cached settings (after changing the environment, e.g. in tests)."""
    _overrides.clear()
    get_settings.cache_clear()


def shared_dir() -> Path:
    """Read-only third-party data (pages, NLP sets): ``$WARTA_SHARED`` or ``<repo>/../shared``."""
    return get_settings().shared_dir


def newsroom_zone() -> ZoneInfo:
    return get_settings().zone
