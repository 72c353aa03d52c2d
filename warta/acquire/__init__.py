"""Acquisition: sources, discovery, politeness, robots.txt, fetching, multi-page articles, URLs."""
