"""The Census 2021 words the public pages show, marked for translation.

The figures are stored in the ONS's own English (`places.loaders`); a page shows these words in its language and
any other census word as stored.
"""

from django.utils.translation import gettext, gettext_noop

WORDS = frozenset(
    {
        # topics, and the population each share is of
        gettext_noop("Age"),
        gettext_noop("Ethnic group"),
        gettext_noop("all usual residents"),
        gettext_noop("people"),
        # age bands
        gettext_noop("0 to 14"),
        gettext_noop("15 to 24"),
        gettext_noop("25 to 34"),
        gettext_noop("35 to 44"),
        gettext_noop("45 to 54"),
        gettext_noop("55 to 64"),
        gettext_noop("65 to 74"),
        gettext_noop("75 and over"),
        # ethnic groups (Census 2021 table TS021, high-level groups)
        gettext_noop("Asian, Asian British or Asian Welsh"),
        gettext_noop("Black, Black British, Black Welsh, Caribbean or African"),
        gettext_noop("Mixed or Multiple ethnic groups"),
        gettext_noop("White"),
        gettext_noop("Other ethnic group"),
    }
)


def shown(word: str) -> str:
    """A census word in the page's language when it is one the public pages show; any other as stored."""
    return gettext(word) if word in WORDS else word
