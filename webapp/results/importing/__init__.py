"""Importing half-year results from a CSV file.

``upload`` checks the file's size and encoding, ``parse`` reads and checks each
row, ``plan`` checks the rows against the stored data and plans the writes,
``queries`` reads what a file is checked against, and
``webapp.results.actions.confirm_import`` checks again under a lock and writes the plan.
"""
