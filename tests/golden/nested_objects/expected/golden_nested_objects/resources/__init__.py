"""Resource classes of the Golden Nested Objects, one module each (loaded on first use)."""
