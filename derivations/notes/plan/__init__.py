"""3. Plan the links: chains, definitions, side conditions, premises and scopes."""
