"""Workbooks that are none of our datasets (see generate.py)."""
