"""Cookies: the inventory of every cookie the shop sets (the cookie policy's table) and the
visitor's consent, kept in a signed cookie. Part of the legal core; imports only ``common``."""
