"""shifan: the public registry of the Zhengzhou e-commerce demonstration system."""

__version__ = "0.1.0"
