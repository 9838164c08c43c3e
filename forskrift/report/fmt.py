"""Numbers, amounts, percentages and dates in Norwegian (bokmål, nynorsk) and English form, with babel:
1 200 000 kr, 30,0 %, 1. februar 2024 — NOK 1,200,000, 30.0 %, 1 February 2024."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from ..vocabulary import lang_of

LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
YES_NO = {"nb": ("ja", "nei"), "nn": ("ja", "nei"), "en": ("yes", "no")}


@lru_cache(maxsize=8)
def _locale(lang: str):
    from babel import Locale

    return Locale.parse(LOCALES[lang_of(lang)])


def _plain_spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def number(value, lang: str = "nb", decimals: int | None = None) -> str:
    """A number with the language's grouping: 1 200 000 / 1,200,000; `decimals` fixed, else as needed."""
    from babel.numbers import format_decimal

    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return _plain_spaces(format_decimal(value, format=pattern, locale=_locale(lang)))
    if isinstance(value, float) and not value.is_integer():
        return _plain_spaces(format_decimal(round(value, 2), format="#,##0.##", locale=_locale(lang)))
    return _plain_spaces(format_decimal(int(value), locale=_locale(lang)))


def amount(value, lang: str = "nb") -> str:
    """Kroner: '1 200 000 kr' (nb, nn), 'NOK 1,200,000' (en)."""
    text = number(value, lang)
    return f"NOK {text}" if lang_of(lang) == "en" else f"{text} kr"


def percent(value, lang: str = "nb", decimals: int = 1) -> str:
    """A percentage with one decimal: '20,0 %' (nb, nn), '20.0 %' (en)."""
    return f"{number(value, lang, decimals)} %"


def percent_whole(value, lang: str = "nb") -> str:
    """A percentage as written in a rule: '30 %', '2,5 %'."""
    if float(value).is_integer():
        return f"{int(value)} %"
    return f"{number(float(value), lang)} %"


def date(value, lang: str = "nb") -> str:
    """An ISO date in long form: '1. februar 2024' / '1 February 2024' (the text itself if it is no date)."""
    from babel.dates import format_date

    try:
        day = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day, format="long", locale=_locale(lang))


def yes_no(value: bool, lang: str = "nb") -> str:
    yes, no = YES_NO[lang_of(lang)]
    return yes if value else no
