"""Building blocks with no business rules, used by every layer above: append-only records, read-only admin
pages, request throttles, spreadsheet-safe CSV, the PDF font, dated log files, control characters in text."""
