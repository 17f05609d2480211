"""Sub-commands of the `shifan` CLI, one module each (see `shifan.cli`)."""
