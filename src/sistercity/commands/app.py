"""``sistercity app``: a simulator as a full-screen Voilà app for a projector in class."""

from __future__ import annotations

HELP = "show a simulator (stepper, montecarlo, partners) as an app with no code, on this computer"


def add_arguments(parser) -> None:
    """Options: which app, its language and port."""
    parser.add_argument(
        "name", choices=["stepper", "montecarlo", "partners"], help="which simulator"
    )
    parser.add_argument("--lang", choices=["id", "en"], default="id", help="language (default: id)")
    parser.add_argument("--port", type=int, default=8866, help="port to try first (default: 8866)")


def run(args) -> int:
    """Serve the app, print its address, wait until Ctrl+C."""
    import time
    import urllib.request

    from sistercity.apps import serve_app

    server = serve_app(args.name, args.lang, args.port)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.process.poll() is None:
            try:
                urllib.request.urlopen(server.url, timeout=60).close()
                break
            except OSError:
                time.sleep(0.3)
        if server.process.poll() is not None:
            print(
                "Voilà stopped at start; read the messages above. / Voilà berhenti; baca pesan di atas."
            )
            return 1
        print(
            f"\n  Aplikasi siap / The app is ready: {server.url}\n"
            "  Tekan Ctrl+C untuk berhenti. / Press Ctrl+C to stop.\n",
            flush=True,
        )
        return server.process.wait()
    finally:
        server.stop()
