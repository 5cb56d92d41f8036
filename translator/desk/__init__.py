"""The desk's rules on blocks: bylines, credits, datelines."""
