"""The public website: MkDocs plugin (thin) and the pure page/data builders it wires in."""
