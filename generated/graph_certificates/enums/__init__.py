"""One module per enum type; import from the package root, which loads them lazily."""
