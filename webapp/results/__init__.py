"""Half-year results: what providers achieved, pooled, compared and published.

- ``models``: the Result table; ``periods``: half-years written as 2025H1.
- ``statistics``: shares, intervals, the comparison with the average and the hiding
  of small groups; the only place the minimum group size applies.
- ``queries``: pooled and half-year results as Outcomes.
- ``listing``, ``profiles``, ``comparison``: what the public list, a provider's page
  and the comparison are built from.
- ``public_record``, ``open_data``, ``downloads``: what is published, the result cells
  of the open data, and the CSV files.
- ``importing/``: reading and checking a CSV of results; ``actions``: saving it.
"""
