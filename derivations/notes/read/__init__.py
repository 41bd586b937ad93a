"""2. Read it: tokens, relations, the parser (names, scripts, forms), and the ambiguities it meets."""
