"""``sistercity app``: a simulator as a full-screen Voilà app for a projector in class."""

from __future__ import annotations

from sistercity.commands import add_lang_option

HELP = (
    "tampilkan simulator (stepper, montecarlo, partners) atau laporan sebagai aplikasi tanpa kode di "
    "komputer ini / show a simulator (stepper, montecarlo, partners) or the report as an app with "
    "no code, on this computer"
)


def add_arguments(parser) -> None:
    """Options: which app, its language and port."""
    parser.add_argument(
        "name",
        choices=["stepper", "montecarlo", "partners", "report"],
        help="simulator yang mana (report: laporan capaian mata kuliah yang sudah dinilai, dengan "
        "filter) / which simulator (report: the outcome report of the graded course, with filters)",
    )
    parser.add_argument(
        "--course",
        default=None,
        help="report: folder mata kuliah nbgrader / report: the nbgrader course folder",
    )
    add_lang_option(parser)
    parser.add_argument(
        "--port",
        type=int,
        default=8866,
        help="port yang dicoba lebih dulu (bawaan: 8866) / port to try first (default: 8866)",
    )


def run(args) -> int:
    """Serve the app, print its address, wait until Ctrl+C."""
    options = None
    if args.name == "report" and args.course:
        from pathlib import Path

        options = {"course": str(Path(args.course).resolve())}
    return serve(args.name, args.lang, args.port, options=options)


def serve(name: str, lang: str, port: int, options: dict | None = None) -> int:
    """Serve app ``name`` (with the widget's ``options``), print its address, wait until Ctrl+C."""
    from sistercity.apps import serve_app

    server = serve_app(name, lang, port, options=options)
    try:
        try:
            server.wait_until_ready()
        except (RuntimeError, TimeoutError) as error:
            print(error)
            return 1
        print(
            f"\n  Aplikasi siap / The app is ready: {server.url}\n"
            "  Tekan Ctrl+C untuk berhenti. / Press Ctrl+C to stop.\n",
            flush=True,
        )
        return server.process.wait()
    finally:
        server.stop()
