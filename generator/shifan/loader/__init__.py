"""Reading `registry/` into the typed `Roster`: safe YAML, generic binding, file identity."""
