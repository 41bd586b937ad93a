"""4. Verify: each link under each reading, in worker processes, with its verdict and assumptions."""
