"""Resource classes of the Golden Multipart, one module each (loaded on first use)."""
