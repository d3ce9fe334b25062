"""``sistercity site``: the course as a static website, with PDF handouts and slides, for reading offline."""

from __future__ import annotations

HELP = (
    "bangun situs mata kuliah (dua bahasa, sudah dijalankan), handout PDF dan salindia ke satu "
    "folder / build the course website (both languages, executed), the PDF handouts and the "
    "slides into one folder"
)


def add_arguments(parser) -> None:
    """Options: where to build, what to leave out, where the course lives on the hub."""
    from sistercity.site.build import DEFAULT_HUB_FOLDER

    parser.add_argument(
        "--out",
        metavar="FOLDER",
        help="folder hasil bangun (bawaan: build/site; situsnya di FOLDER/html) / "
        "build folder (default: build/site; the site is FOLDER/html)",
    )
    parser.add_argument(
        "--no-handouts", action="store_true", help="lewati handout PDF / skip the PDF handouts"
    )
    parser.add_argument(
        "--no-slides", action="store_true", help="lewati salindia / skip the slide decks"
    )
    parser.add_argument(
        "--hub-folder",
        default=DEFAULT_HUB_FOLDER,
        help="folder di home setiap pengguna hub yang berisi mata kuliah, untuk tautan langsung "
        f"(bawaan: {DEFAULT_HUB_FOLDER}) / folder in each hub user's home that holds the course, "
        f"for the live links (default: {DEFAULT_HUB_FOLDER})",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="tampilkan pesan Sphinx / show Sphinx's messages"
    )


def run(args) -> int:
    """Build the site and print where it is and how to open it."""
    from pathlib import Path

    from sistercity.course import course_root
    from sistercity.site.build import build_site

    root = course_root()
    try:
        build = build_site(
            root,
            Path(args.out) if args.out else None,
            hub_folder=args.hub_folder,
            handouts=not args.no_handouts,
            slides=not args.no_slides,
            quiet=not args.verbose,
        )
    except RuntimeError as error:
        from sistercity.errors import UserError

        raise UserError(str(error)) from error
    timing = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in build.seconds.items())
    print(f"{build.html / 'index.html'}")
    lessons = sum(p.kind == "lesson" for p in build.pages)
    handouts, decks = len(build.handouts), len(build.decks)
    print(
        f"{lessons} materi, {handouts} handout, {decks} salindia ({timing}). / "
        f"{lessons} lessons, {handouts} handouts, {decks} slide decks."
    )
    print(
        "Buka index.html di peramban, atau salin folder ini ke server web mana pun atau flashdisk. / "
        "Open index.html in a browser, or copy this folder to any web server or USB stick."
    )
    return 0
