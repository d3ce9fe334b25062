"""Inside the kernel that executes a lesson for the website: widgets as pictures, tables with labels.

A page of the website has no kernel, so a simulator cannot move there. When the site is built,
every kernel runs :func:`install` at start (an IPython start-up file the build writes), and a
widget then also displays as the picture it currently shows, with a note on how to run it live.
"""

from __future__ import annotations

import base64

#: The note under a widget's picture, in each language (the lesson's ``LANG`` picks one).
LIVE_NOTE = {
    "id": (
        "Gambar statis dari kontrol interaktif. Untuk menggerakkannya sendiri, buka materi ini di "
        "JupyterLab (<code>make start</code>) atau di JupyterHub mata kuliah, lalu jalankan semua sel."
    ),
    "en": (
        "A static picture of an interactive control. To move it yourself, open this lesson in "
        "JupyterLab (<code>make start</code>) or on the course's JupyterHub and run all cells."
    ),
}


def _walk(widget):
    """Yield ``widget`` and every widget inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


def pictures(widget) -> list[bytes]:
    """The PNG images a widget currently shows (its own and its children's), in order."""
    import ipywidgets

    return [
        bytes(item.value)
        for item in _walk(widget)
        if isinstance(item, ipywidgets.Image) and item.format == "png" and item.value
    ]


def drawings(widget) -> list[str]:
    """The HTML diagrams a widget shows (HTML widgets with the class ``sistercity-static``)."""
    import ipywidgets

    return [
        item.value
        for item in _walk(widget)
        if isinstance(item, ipywidgets.HTML)
        and "sistercity-static" in item._dom_classes
        and item.value
    ]


def static_html(widget, lang: str = "id") -> str | None:
    """HTML for the website: the widget's pictures and the note on running it live, or None."""
    images = pictures(widget)
    drawn = drawings(widget)
    vector = widget.static_svg() if callable(getattr(widget, "static_svg", None)) else None
    if vector:
        # The widget's chart as SVG stands for its PNG: sharp when a reader zooms on a phone.
        # A second drawing for a phone (charts stacked, labels large) replaces it on a narrow
        # screen (sistercity.css): the wide one shrunk to 360 px has 4-px labels.
        phone = widget.static_svg(phone=True)
        charts = f'<div class="sistercity-svg sistercity-svg-wide">{vector}</div>'
        if phone:
            charts += f'<div class="sistercity-svg sistercity-svg-phone">{phone}</div>'
        drawn, images = [*drawn, charts], images[1:]
    if not images and not drawn:
        return None
    tags = "".join(drawn) + "".join(
        f'<img src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" alt="">'
        for png in images
    )
    note = LIVE_NOTE.get(lang, LIVE_NOTE["id"])
    return (
        f'<figure class="sistercity-static-widget">{tags}<figcaption>{note}</figcaption></figure>'
    )


def install(ip=None) -> None:
    """Register the static picture of widgets with IPython's display (call once per kernel)."""
    import ipywidgets

    ip = ip or get_ipython()  # noqa: F821 - defined inside IPython
    if ip is None:
        return

    def as_html(widget):
        lang = ip.user_ns.get("LANG", "id")
        return static_html(widget, lang if lang in LIVE_NOTE else "id")

    def as_png(widget):
        images = pictures(widget)
        return images[0] if images else None

    def as_table(frame):
        from sistercity.site.labels import labelled

        lang = ip.user_ns.get("LANG", "id")
        return labelled(frame, lang if lang in LIVE_NOTE else "id")._repr_html_()

    formatters = ip.display_formatter.formatters
    formatters["text/html"].for_type(ipywidgets.DOMWidget, as_html)
    formatters["image/png"].for_type(ipywidgets.DOMWidget, as_png)
    # On a page, a table's headers read in the page's language (sistercity.site.labels).
    # pandas 3 gives its DataFrame the module "pandas", earlier versions "pandas.core.frame".
    for module in ("pandas", "pandas.core.frame"):
        formatters["text/html"].for_type_by_name(module, "DataFrame", as_table)


#: The IPython start-up file the site build writes into its own IPython folder.
STARTUP = "from sistercity.site.kernel import install\ninstall()\n"
