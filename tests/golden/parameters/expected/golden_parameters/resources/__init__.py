"""Resource classes of the Golden Parameters, one module each (loaded on first use)."""
