"""warta: a news ETL pipeline for Indonesian (and English) news into PostgreSQL."""

__version__ = "0.1.0"
