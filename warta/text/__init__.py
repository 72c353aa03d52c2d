"""Text: extraction, dates, cleaning, language, near-duplicates: a page -> a clean article."""
