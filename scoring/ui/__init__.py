"""Streamlit pages and widgets. Pages read input, call one domain function and render."""
