"""PMB CRM measured side by side with DjangoCRM (`django-crm-admin` from PyPI) in the same run.

`python -m benchmarks.peer` (or `make benchmark-peer`); see benchmarks/peer/__main__.py.
"""
