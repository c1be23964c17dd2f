"""Writes of the inbox, split by concern: ingest (webhooks, leads), workflow (replies, closing), escalations."""
