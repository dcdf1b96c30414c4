"""The version of the on-disk layout.

Bump it and add a step to ``migrations.py`` together. Its own module so that reading the
summary at start-up never imports the models (pydantic).
"""

SCHEMA_VERSION = 2
