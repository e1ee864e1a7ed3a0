"""Resource classes of the Golden Names, one module each (loaded on first use)."""
