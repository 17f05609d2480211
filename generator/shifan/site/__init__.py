"""The public website: MkDocs plugin and the pure page/data builders it wires in."""
