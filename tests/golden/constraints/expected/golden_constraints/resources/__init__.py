"""Resource classes of the Golden Constraints, one module each (loaded on first use)."""
