"""1. Find the math: display and inline math of Markdown, notebooks and LaTeX sources, with lines and sections."""
