"""Stages 1 and 3: reading spec files (with a way back to file:line:col) and following their $refs."""
