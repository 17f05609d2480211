"""The public website: MkDocs plugin (thin) and plain page renderers (`pages/`)."""
