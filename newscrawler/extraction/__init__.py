"""Turning a fetched page into an Article: extraction layers, first hit wins per field.

JSON-LD -> meta tags -> the outlet's selectors -> a generic fallback (only when no body was found).
"""
