"""Case mix: who each provider served, and the fair comparisons made from it.

``strata`` names the characteristics recorded at referral and the groups people
can pick; ``models`` stores counts per provider, service, half-year and stratum
(never a row per person); ``importing`` reads them from a CSV file;
``standardisation`` turns them into expected shares (indirect standardisation);
``people`` gives results for a group with the same disclosure control as every
other figure; ``funnel`` lays out the staff's funnel plot.
"""
