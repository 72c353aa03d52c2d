"""``ingest_urls``: article URLs -> fetch -> extract -> clean -> enrich -> load, one run row."""

from __future__ import annotations

from collections import Counter
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from db.engine import get_engine, mask_secrets
from db.load import finish_run, load_article, record_failure, start_run
from warta.clean import CleanArticle
from warta.document import NLPResult
from warta.enrich import enrich_texts
from warta.fetch import FetchResult, fetch_url
from warta.pipeline import process_html
from warta.urls import canonical_url, host_of


class TransientFetchError(RuntimeError):
    """A fetch that may work on retry (timeouts, 429, 5xx); carries the last result."""

    def __init__(self, result: FetchResult) -> None:
        assert result.error is not None
        super().__init__(f"{result.url}: {result.error.error_class}: {result.error.message}")
        self.result = result


def _retry_transient(task, task_run, state) -> bool:  # type: ignore[no-untyped-def]
    try:
        state.result()
    except TransientFetchError:
        return True
    except Exception:
        return False
    return False


@task(
    retries=2,
    retry_delay_seconds=[1, 3],
    retry_jitter_factor=0.5,
    retry_condition_fn=_retry_transient,
    task_run_name="fetch {url}",
)
def fetch_page(url: str) -> FetchResult:
    result = fetch_url(url)
    if result.error and result.error.retryable:
        raise TransientFetchError(result)
    return result


@task(task_run_name="extract+clean {fetched.final_url}")
def extract_clean(fetched: FetchResult) -> CleanArticle:
    article = process_html(fetched.body, fetched.final_url)
    # the article is known by the URL we asked for, canonicalized (redirects are recorded)
    article.url = canonical_url(fetched.url)
    return article


@task
def enrich(articles: list[CleanArticle]) -> list[NLPResult]:
    return enrich_texts([a.text for a in articles], [a.language for a in articles])


@task(task_run_name="load {article.url}")
def load(
    article: CleanArticle, fetched: FetchResult, nlp: NLPResult | None, source: str | None
) -> str:
    return load_article(
        get_engine(),
        article,
        fetched=fetched,
        nlp=nlp,
        source_name=source or host_of(article.url or ""),
    ).outcome


@flow(name="ingest-urls", log_prints=True)
def ingest_urls(
    urls: list[str],
    source: str | None = None,
    run_enrich: bool = True,
    url_sources: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Take article URLs all the way to rows in PostgreSQL; failures become rows, not aborts.

    ``source`` names the outlet of all URLs; ``url_sources`` maps single URLs to outlets;
    otherwise the URL's host is the source.
    """
    logger = get_run_logger()
    engine = get_engine()
    sources = {canonical_url(u): s for u, s in (url_sources or {}).items()}
    urls = list(dict.fromkeys(canonical_url(u) for u in urls))
    run_id = start_run(
        engine,
        "ingest-urls",
        {"urls": len(urls), "source": source, "run_enrich": run_enrich},
        str(flow_run.id) if flow_run.id else None,
    )
    counts: Counter[str] = Counter(urls=len(urls))
    try:
        futures = [fetch_page.submit(url) for url in urls]
        fetched_pages: list[FetchResult] = []
        for url, future in zip(urls, futures, strict=True):
            outcome = future.result(raise_on_failure=False)
            if isinstance(outcome, TransientFetchError):
                outcome = outcome.result
            if isinstance(outcome, BaseException):
                record_failure(
                    engine, url, "fetch", type(outcome).__name__, mask_secrets(str(outcome))
                )
                counts["failed"] += 1
                continue
            if outcome.error:
                error = outcome.error
                record_failure(
                    engine, url, "fetch", error.error_class, error.message, error.http_status
                )
                counts["failed"] += 1
                logger.warning("fetch failed %s: %s", url, error.message)
                continue
            counts["fetched"] += 1
            fetched_pages.append(outcome)

        articles: list[tuple[CleanArticle, FetchResult]] = []
        for fetched in fetched_pages:
            try:
                articles.append((extract_clean(fetched), fetched))
                counts["extracted"] += 1
            except Exception as exc:  # one bad page never stops the run
                record_failure(
                    engine, fetched.url, "extract", type(exc).__name__, str(exc), fetched.status
                )
                counts["failed"] += 1

        nlp_results: list[NLPResult | None] = [None] * len(articles)
        if run_enrich and articles:
            try:
                nlp_results = list(enrich([a for a, _ in articles]))
                counts["enriched"] = sum(1 for r in nlp_results if r and r.status == "ok")
            except Exception as exc:  # keep the text; enrichment can be redone by reprocess
                logger.error("enrichment failed: %s", exc)
                for article, _ in articles:
                    record_failure(
                        engine, article.url or "", "enrich", type(exc).__name__, str(exc)
                    )

        for (article, fetched), nlp in zip(articles, nlp_results, strict=True):
            try:
                outcome = load(article, fetched, nlp, source or sources.get(article.url or ""))
                counts[outcome] += 1  # inserted, updated or unchanged
                if outcome != "unchanged":
                    counts["loaded"] += 1
            except Exception as exc:
                record_failure(
                    engine,
                    article.url or fetched.url,
                    "load",
                    type(exc).__name__,
                    mask_secrets(str(exc)),
                )
                counts["failed"] += 1
    except BaseException as exc:
        finish_run(engine, run_id, dict(counts), "failed", mask_secrets(repr(exc)))
        raise
    summary = dict(counts)
    finish_run(engine, run_id, summary, "completed")
    logger.info("ingest summary: %s", summary)
    summary["run_id"] = run_id
    return summary
