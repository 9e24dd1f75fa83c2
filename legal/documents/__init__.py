"""Legal documents (terms, privacy policy, …): versions, publication, acceptance, change notices and
their Markdown rendering. Part of the legal core: imports only the processors (to e-mail notices),
cookies (the settings form on the cookie policy), staff and ``common``."""
