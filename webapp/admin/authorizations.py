"""Authorizing and de-authorizing providers."""
