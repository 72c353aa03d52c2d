"""warta: the domain stages of a news ETL pipeline (acquire -> text -> nlp), importable without
Prefect or a database; ``warta.app`` and ``warta.tooling`` are built on top of it."""

__version__ = "0.1.0"
