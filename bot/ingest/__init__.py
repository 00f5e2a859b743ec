"""News ingestion: fetch sources, extract articles, drop repeats and cluster them into stories."""
