"""Bundled data files (gazetteer, vocabularies)."""
