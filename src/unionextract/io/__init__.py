"""Readers of input formats and writers of output."""
