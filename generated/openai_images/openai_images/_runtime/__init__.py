"""Hand-written runtime shared by every generated client package.

This package is copied verbatim into ``<pkg>/_runtime/``.  Its modules import
only the standard library, httpx and pydantic, and refer to each other with
relative imports only.  Nothing is imported here so that ``import <pkg>`` stays
cheap; import the submodules you need directly.
"""
