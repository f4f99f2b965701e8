"""The one set of names for a pool year's figures, wherever a person reads them.

Dashboard, yearly report, ``pulje pool`` and the exports all label the figures from here.
"""

from __future__ import annotations

FIGURE_LABELS = {
    "total": "Puljen i alt",
    "granted": "Bevilget",
    "paid": "Udbetalt",
    "committed": "Bundet i åbne bevillinger",
    "released": "Frigivet",
    "available": "Ledigt",
}

# The stacked bar: these three parts make up the pool, to the øre.
POOL_PARTS = ("paid", "committed", "available")

RELEASE_CAUSES = {
    "closed": "afsluttede sager",
    "lapsed": "bortfaldne bevillinger",
    "withdrawn": "tilbagetrukne bevillinger",
}


def released_sentence(released: int, granted: int, total: int, money) -> str:
    """One sentence that explains why granted may exceed the pool: released money is re-granted.

    ``money`` formats øre (reports.fmt.format_money or the web's filter), so PDF and page agree.
    """
    if released <= 0:
        return ("Udbetalt, bundet i åbne bevillinger og ledigt er tilsammen puljen i alt; "
                "der er ikke frigivet noget.")
    over = (f" Derfor kan der i alt være bevilget {money(granted)}, mere end puljens "
            f"{money(total)}, uden at puljen er overskredet." if granted > total else "")
    return (f"Frigivet og genbevilget: {money(released)} var bevilget til sager, der blev "
            f"afsluttet, bortfaldt eller trukket tilbage uden at bruge hele beløbet; pengene gik "
            f"tilbage til puljen og kan bevilges igen.{over}")


def as_of_note(final: bool, as_of_text: str) -> str:
    """'pr. 31.12.2025' for a closed year, 'foreløbig pr. 30.11.2026' for the running one."""
    return f"pr. {as_of_text}" if final else f"foreløbig pr. {as_of_text}"
