"""One module per entity type; import from the package root, which loads them lazily."""
