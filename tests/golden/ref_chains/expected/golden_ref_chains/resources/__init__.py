"""Resource classes of the Golden Ref Chains, one module each (loaded on first use)."""
