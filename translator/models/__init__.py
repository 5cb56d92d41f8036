"""The Argos package store: package format, discovery, install and removal, and the index client."""
