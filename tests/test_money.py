"""Amounts typed the Danish way become exact øre; øre are shown the Danish way."""

from decimal import Decimal

import pytest
from babel.numbers import format_currency
from hypothesis import given
from hypothesis import strategies as st

from workflows.money import AmountError, format_money, kroner, parse_amount


@pytest.mark.parametrize("typed, ore", [
    ("20.000", 20_000_00), ("1.234,50", 1_234_50), ("1234.50 kr.", 1_234_50),
    ("20000", 20_000_00), ("12,5", 12_50), ("20.000,00 kr.", 20_000_00), ("kr. 500", 500_00),
    ("DKK 1.000,00", 1_000_00), ("100,-", 100_00), (" 7.500,00\xa0kr. ", 7_500_00),
    ("1.234.567,89", 1_234_567_89), ("0,01", 1),
])
def test_danish_amounts_are_read_to_the_ore(typed, ore):
    assert parse_amount(typed) == ore


@pytest.mark.parametrize("typed, message", [
    ("", "Beløbet mangler."), ("abc", "er ikke et beløb"), ("1,234", "højst have to decimaler"),
    ("-5", "kan ikke være negativt"), ("1e5", "er ikke et beløb"), ("1.23.4", "er ikke et beløb"),
    ("12.5.2026", "er ikke et beløb"),
])
def test_unreadable_amounts_are_refused_in_danish(typed, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(typed)


def test_credit_amounts_may_be_negative_when_allowed():
    assert parse_amount("-1.656,25", allow_negative=True) == -1_656_25


def test_money_is_shown_with_babel_danish_format():
    assert format_money(20_000_00) == "20.000,00\xa0kr."
    assert kroner(1_234_50) == "1.234,50"


@given(st.integers(min_value=-10**13, max_value=10**13),
       st.sampled_from(["da_DK", "da", "en", "en_GB", "de_DE"]))
def test_money_is_what_babels_format_currency_shows(ore, locale):
    # format_money applies Babel's currency pattern with the symbol written in (faster).
    assert format_money(ore, locale) == format_currency(Decimal(ore).scaleb(-2), "DKK",
                                                        locale=locale)


@given(st.integers(min_value=0, max_value=10**12))
def test_what_is_shown_reads_back_to_the_same_ore(ore):
    assert parse_amount(format_money(ore)) == ore
    assert parse_amount(kroner(ore)) == ore
