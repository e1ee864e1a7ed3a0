"""Resource classes of the OpenAI Images API, one module each (loaded on first use)."""
