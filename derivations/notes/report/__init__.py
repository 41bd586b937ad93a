"""5. Report: JSON, GitHub annotations and pytest items."""
