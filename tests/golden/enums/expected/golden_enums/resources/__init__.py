"""Resource classes of the Golden Enums, one module each (loaded on first use)."""
