"""Resource classes of the Golden Override, one module each (loaded on first use)."""
