"""Example stories, shipped with geo so that ``make-map`` with no argument has a story."""
