"""Direct and indirect quotes of a news article, with their speakers (see ``extract``)."""

from warta.nlp.quotes.cues import QuoteCues, load_cues
from warta.nlp.quotes.extract import extract_quotes
from warta.nlp.quotes.text import split_sentences

__all__ = ["QuoteCues", "extract_quotes", "load_cues", "split_sentences"]
