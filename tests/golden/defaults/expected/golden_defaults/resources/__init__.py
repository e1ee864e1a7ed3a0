"""Resource classes of the Golden Defaults, one module each (loaded on first use)."""
