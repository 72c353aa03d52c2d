"""SQLAlchemy 2 typed models: the core schema.  Every change here needs an Alembic revision."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Deterministic constraint names keep Alembic autogenerate (and `alembic check`) stable.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> Any:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


class Source(Base):
    """A news outlet (synced from sources.yaml, or created on the fly from a URL's host)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    home_url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = _now()


class Article(Base):
    """One article per canonical URL; its latest clean version."""

    __tablename__ = "articles"
    __table_args__ = (
        CheckConstraint("status IN ('loaded', 'no_text', 'rejected')", name="status"),
        Index("ix_articles_published_at", "published_at"),
        Index("ix_articles_source_id_published_at", "source_id", "published_at"),
        Index("ix_articles_content_hash", "content_hash"),
        # the near-duplicate lookup's time window (db/load.py), migration 0004
        Index(
            "ix_articles_cluster_window",
            text("coalesce(published_at, first_seen_at)"),
            postgresql_where=text("simhash IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)  # canonical URL: the natural key
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    modified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    date_source: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    sitename: Mapped[str | None] = mapped_column(Text)
    dateline: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    word_count: Mapped[int] = mapped_column(Integer)
    image_url: Mapped[str | None] = mapped_column(Text)
    categories: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    tags: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    status: Mapped[str] = mapped_column(String(16), server_default="loaded")
    nlp_status: Mapped[str | None] = mapped_column(String(32))  # ok, no_model:en, pending...
    nlp_model_version: Mapped[str | None] = mapped_column(String(64))
    # trafilatura Simhash of the text (64 bits stored as a signed bigint) and the near-duplicate
    # cluster it falls in (the id of the cluster's first article; syndicated wire copies)
    simhash: Mapped[int | None] = mapped_column(BigInteger)
    cluster_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    # which reader gave the body and how well it agreed with the page (0..1), migration 0006
    extraction_method: Mapped[str | None] = mapped_column(String(32))
    extraction_quality: Mapped[float | None] = mapped_column(Float)
    first_seen_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()

    source: Mapped[Source | None] = relationship()


class ArticleVersion(Base):
    """Every distinct content an article URL has had (an edit after publication is a version)."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    modified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()


class Fetch(Base):
    """The latest fetch of a URL: raw HTML (zlib-compressed) and the HTTP facts about it."""

    __tablename__ = "fetches"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)  # canonical URL, as in articles.url
    requested_url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    redirects: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    http_status: Mapped[int] = mapped_column(SmallInteger)
    content_type: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body_sha256: Mapped[str] = mapped_column(String(64))
    body_bytes: Mapped[int] = mapped_column(Integer)
    html_zlib: Mapped[bytes] = mapped_column(LargeBinary)
    fetched_at: Mapped[datetime] = _now()


class Entity(Base):
    """A person, organization or place, one row per normalized key across all articles."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    key: Mapped[str] = mapped_column(Text)  # e.g. "PER:vladimir putin" (any length)
    # md5 of the key, the unique key (a btree cannot hold a long key itself), migration 0005
    key_hash: Mapped[str] = mapped_column(
        String(32), Computed("md5(key)", persisted=True), unique=True
    )
    canonical_name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = _now()


class EntityMention(Base):
    __tablename__ = "entity_mentions"
    __table_args__ = (UniqueConstraint("article_id", "start_char", "end_char"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    # the type the article's NLP gave this mention: the evidence `warta entities consolidate`
    # counts (the entity's own type is the vote's result), migration 0007
    type: Mapped[str] = mapped_column(String(16))
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    sentence_index: Mapped[int] = mapped_column(Integer)


class ArticleEntity(Base):
    """Per-article mention counts (what most reports aggregate)."""

    __tablename__ = "article_entities"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    mention_count: Mapped[int] = mapped_column(Integer)
    first_start_char: Mapped[int] = mapped_column(Integer)


class Quote(Base):
    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("article_id", "start_char", "end_char"),
        CheckConstraint("kind IN ('direct', 'indirect')", name="kind"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    speaker_text: Mapped[str | None] = mapped_column(Text)
    speaker_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    cue: Mapped[str | None] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    sentence_index: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float | None] = mapped_column(Float)


class PipelineRun(Base):
    __tablename__ = "pipeline_runs"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    flow_run_id: Mapped[str | None] = mapped_column(String(64), index=True)
    flow_name: Mapped[str] = mapped_column(String(100))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    counts: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    # running, completed, failed; abandoned: its process ended without finishing it (found
    # by the next run: a running run holds an advisory lock on its id)
    status: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = _now()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_s: Mapped[float | None] = mapped_column(Float)


class Failure(Base):
    """A URL that failed at some stage; retried by later runs until given up."""

    __tablename__ = "failures"
    __table_args__ = (UniqueConstraint("url_hash", "stage"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    url: Mapped[str] = mapped_column(Text)  # as given, any length (credentials stripped)
    # md5 of the URL: with the stage, the unique key (an 8 KB URL fits no btree), migration 0005
    url_hash: Mapped[str] = mapped_column(String(32), Computed("md5(url)", persisted=True))
    stage: Mapped[str] = mapped_column(String(16))  # fetch, extract, clean, enrich, load
    error_class: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(SmallInteger)
    attempts: Mapped[int] = mapped_column(Integer, server_default="1")
    given_up: Mapped[bool] = mapped_column(Boolean, server_default="false")
    first_seen_at: Mapped[datetime] = _now()
    last_seen_at: Mapped[datetime] = _now()
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RefusedPage(Base):
    """A page refused as not an article (home, section, index): not fetched again until its
    re-check is due (``WARTA_NOT_ARTICLE_RECHECK_DAYS``), migration 0006."""

    __tablename__ = "refused_pages"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    url: Mapped[str] = mapped_column(Text)  # canonical URL, any length
    url_hash: Mapped[str] = mapped_column(
        String(32), Computed("md5(url)", persisted=True), unique=True
    )
    reason: Mapped[str] = mapped_column(Text)  # why it is not an article (warta.text.page_kind)
    checks: Mapped[int] = mapped_column(Integer, server_default="1")
    first_seen_at: Mapped[datetime] = _now()
    last_checked_at: Mapped[datetime] = _now()


class HostLease(Base):
    """Per-server politeness shared by every process and machine fetching at once: who holds
    the server for a request now, and when its next request may start (database clock)."""

    __tablename__ = "host_leases"

    server: Mapped[str] = mapped_column(Text, primary_key=True)  # host[:port], as fetched
    holder: Mapped[str | None] = mapped_column(String(32))  # the request in flight
    # a holder that died (SIGKILL, a lost machine) lets go by itself at this moment
    held_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_allowed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
