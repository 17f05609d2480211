"""Page renderers: plain functions from the site context to Markdown-with-HTML strings."""
