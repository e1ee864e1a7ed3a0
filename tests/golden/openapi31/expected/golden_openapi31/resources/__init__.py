"""Resource classes of the Golden OpenAPI 3.1, one module each (loaded on first use)."""
