"""The review side: one unit's judgement and its risk, the review queue and the review pages."""
