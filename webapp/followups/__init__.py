"""Follow-up and control of providers: authorization terms, follow-ups and their publication.

Staff record how a provider was followed up (which terms were checked, what was
found, the outcome), close remarks and demands when they are dealt with, and a
second person publishes the outcome to the public profile and the open data.
Not to be confused with ``webapp.choices.follow_up``, which follows clients'
choices through a de-authorization.
"""
