"""Resource classes of the Golden Docs Text, one module each (loaded on first use)."""
