"""LLM Explainer: see inside a transformer language model, live, as you type."""

__version__ = "0.1.0"
