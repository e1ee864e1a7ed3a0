"""Stage 6, write: publish a rendered tree to disk atomically, guided by a manifest, or diff it."""
