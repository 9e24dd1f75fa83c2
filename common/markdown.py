"""Markdown generated from data: the tables legal texts show (processors, cookies)."""


def table_row(cells) -> str:
    """One row of a Markdown table."""
    return "| " + " | ".join(str(cell) for cell in cells) + " |"
