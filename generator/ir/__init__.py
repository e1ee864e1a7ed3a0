"""Stage 4, build the IR: frozen dataclasses (model.py) built from the resolved spec; every name is decided here."""
