"""Natural Earth boundaries shipped with geo (see README.md beside this file)."""
