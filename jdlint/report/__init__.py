"""Formatters: each turns the engine's results into one output format."""
