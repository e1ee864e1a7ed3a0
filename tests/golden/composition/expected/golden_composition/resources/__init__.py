"""Resource classes of the Golden Composition, one module each (loaded on first use)."""
