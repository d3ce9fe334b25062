"""``sistercity start``: build the lessons and open the course in JupyterLab."""

from __future__ import annotations

from sistercity.commands import add_lang_option

HELP = (
    "bangun materi dan jalankan JupyterLab di komputer ini pada halaman awal mata kuliah / build "
    "the lessons and start JupyterLab on this computer at the course's start page"
)


def add_arguments(parser) -> None:
    """Options: language of the start page, port, browser."""
    add_lang_option(parser, "bahasa halaman awal", "start page language")
    parser.add_argument(
        "--port",
        type=int,
        default=8888,
        help="port yang dicoba lebih dulu (bawaan: 8888) / port to try first (default: 8888)",
    )
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="jangan buka peramban web (cetak alamatnya saja) / "
        "do not open a web browser (print the address only)",
    )


def run(args) -> int:
    """Build lessons, start JupyterLab, print the address, and wait until Ctrl+C."""
    from sistercity.course import build_lessons, course_root, start_page
    from sistercity.server import start_lab

    root = course_root()
    built = [lesson for lesson, outcome in build_lessons(root) if outcome != "up to date"]
    if built:
        print(f"Built {len(built)} lesson notebook(s). / {len(built)} notebook materi dibuat.")
    page = start_page(root, args.lang).as_posix()
    server = start_lab(root, page, port=args.port, open_browser=not args.no_browser)
    try:
        server.wait_until_ready()
        print(
            "\n  Sister City Lab siap / is ready:\n"
            f"  {server.url}\n"
            "  Buka alamat ini di browser. Tekan Ctrl+C untuk berhenti.\n"
            "  Open this address in a browser. Press Ctrl+C to stop.\n",
            flush=True,
        )
        return server.process.wait()
    finally:
        server.stop()
