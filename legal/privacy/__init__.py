"""The privacy features that act on orders and certificates: the layer above the carbon domain.

- ``holdings``: the register of every model that holds personal data (HOLDINGS)
  and of those that only look as if they did (NOT_ABOUT_A_PERSON); ``holding``:
  what one entry of it says (``Holding``) and how it finds a person's rows.
- ``export``: one person's data as JSON-ready dict and as a PDF.
- ``services``: member withdrawal and the retention purge; ``tasks``: the daily purge.
- ``tombstones``: withdrawal tombstones, re-applied after a backup is restored.
- ``requests/``: requests about personal data; ``incidents/``: the breach register.
"""
