"""Staff: the staff groups and their permissions, and the access log of which staff member looked at
whose personal data. The lowest part of the legal core: every layer above may record an access."""
