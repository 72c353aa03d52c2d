"""Indonesian (and other languages') NLP: Stanza loading, training, evaluation, annotation."""
