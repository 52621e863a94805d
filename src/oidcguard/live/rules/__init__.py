"""The live rules (OG2xx), one per module; `load_catalogue()` collects them."""
