"""Widgets that each do one thing; screens arrange them."""
