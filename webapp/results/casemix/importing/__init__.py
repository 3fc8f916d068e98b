"""Importing case-mix counts from a CSV file, alongside the results import.

``columns`` names the file's columns, ``parse`` reads and checks each row,
``plan`` checks the rows against the stored results and plans the writes (a
half-year group's strata are replaced as a whole), ``queries`` reads what a file
is checked against, and ``webapp.results.casemix.actions.confirm_case_mix_import``
checks again under a lock and writes the plan. The file's size, encoding and
problems are handled as in the results import (webapp.results.importing.upload).
"""
