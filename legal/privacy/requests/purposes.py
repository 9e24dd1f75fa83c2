"""What the shop uses personal data for, as told to a person who asks (APPI Art. 32).

Written for this shop; the privacy policy in force says the same in its own words.
"""

from django.utils.translation import gettext_lazy as _

PURPOSES_OF_USE = (
    _("To carry out your orders: payment, retiring the credits you bought and issuing your certificate."),
    _("To send the e-mails an order or your account needs (confirmations, certificates, password resets)."),
    _("To show the certificate's public verification page, with the details you chose to show."),
    _("To tell you about changes to our terms and privacy policy."),
    _("To answer your questions and requests, including requests about your personal data."),
    _("To tell you when a sold-out credit is on sale again, if you asked us to (product alerts)."),
    _("To keep the records the law requires (accounting and tax records, records of provision to others)."),
    _("To keep the shop secure and find the cause of faults (server logs, kept for a limited time)."),
)

# Told in the reply to a request to stop using data: what goes on, and why.
CONTINUING_PROCESSING = (
    _("Orders you have placed are carried out: payment records, retirement and certificates (the contract)."),
    _("E-mails an order or your account needs are still sent (the contract)."),
    _("Notices of changes to our terms and privacy policy are still sent (required by law)."),
    _(
        "Accounting and tax records are kept for the period the law requires (7 years), "
        "and records of provision for 3 years."
    ),
    _("Our entrusted processors (payment, e-mail delivery) still handle the data the contract needs."),
)
