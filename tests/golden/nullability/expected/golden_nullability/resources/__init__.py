"""Resource classes of the Golden Nullability, one module each (loaded on first use)."""
