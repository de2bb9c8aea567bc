"""Persistence: sqlite-utils schema, versioned migrations and queries."""
