"""Corpus runs: many documents from files or corpora, extracted in parallel, stored safely."""
