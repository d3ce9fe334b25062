"""The two languages of the course: Bahasa Indonesia (``"id"``, the default) and English (``"en"``)."""

from __future__ import annotations

LANGS = ("id", "en")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a course language, else raise a ValueError saying what to use."""
    if lang not in LANGS:
        raise ValueError(
            f'lang must be "id" (Bahasa Indonesia) or "en" (English), not {lang!r}. '
            f'/ lang harus "id" atau "en", bukan {lang!r}.'
        )
    return lang


def pick(lang: str, id: str, en: str) -> str:  # noqa: A002 - "id" is the language code here
    """Return the text for ``lang``: ``id`` for Bahasa Indonesia, ``en`` for English."""
    return id if check_lang(lang) == "id" else en


def both(id: str, en: str) -> str:  # noqa: A002
    """Both texts on one line, Indonesian first, as error messages give them."""
    return f"{id} / {en}"
