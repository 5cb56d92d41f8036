"""`translator review serve`: a local web app where an editor reads, fixes and approves each language's edition.

catalog.py reads and saves units (ids, revisions, the run's lock and judgement); publish_one.py publishes one
article now; guard.py checks token, origin and host; app.py holds the pages and the JSON API; server.py binds
and runs it.
"""
