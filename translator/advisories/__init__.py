"""Advisories: the log and its lock, what an advisory does to an edition (withdrawal, feed marks), the approved
texts."""
