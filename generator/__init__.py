"""specgen: OpenAPI 3.0/3.1 documents in, typed Python client packages and Markdown docs out."""

__version__ = "0.1.0"
