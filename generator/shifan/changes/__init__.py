"""Changes to the public record: between two revisions (`shifan diff`) and per record (the
site's history sections)."""
