"""Resource classes of the Golden JSON Body, one module each (loaded on first use)."""
