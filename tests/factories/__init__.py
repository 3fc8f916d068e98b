"""Factories that put rows in the test database: one module per domain, shared by every test.

Each function takes the session and keyword arguments, fills in sensible
defaults, flushes, and returns the row. They write outside actions on purpose:
they set the scene, they are not what is under test.
"""
