"""Entrusted processors: the registry with NDA scopes and warnings, the gateway that is the one door
for personal data leaving the shop (scope filter, provision records), the e-mail outbox and the mail
backend that only lets the outbox send. Part of the legal core."""
