"""NLP: Stanza model loading, enrichment in batches, entity rules, quotes with their speakers."""
