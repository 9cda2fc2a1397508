"""The book's figures, one module per kind of figure."""
