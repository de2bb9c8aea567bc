"""Composition root, configuration, scheduler and command line of planbot."""
