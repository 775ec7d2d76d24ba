"""The Partheland demo (``ikz load_demo``) and synthetic data at scale (``ikz generate``):
sample data for every app, written through their domain functions."""
