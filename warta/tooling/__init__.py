"""Training and evaluation tooling (models, quote extractor); the pipeline never imports it."""
