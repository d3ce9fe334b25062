"""``sistercity bench``: time the course's heavy parts on this machine (``simulate`` or ``grade``)."""

from __future__ import annotations

HELP = (
    "ukur waktu mesin Monte Carlo (simulate), penilaian (grade), situs (site) atau laporan capaian "
    "(report) di mesin ini / time the Monte Carlo engine (simulate), the grading workflow (grade), "
    "the site build (site) or the outcome report (report) on this machine"
)


def add_arguments(parser) -> None:
    """The target to time and, for ``simulate``, how many proposals each part runs."""
    parser.add_argument(
        "target",
        choices=["simulate", "grade", "site", "report"],
        help="apa yang diukur waktunya / what to time",
    )
    parser.add_argument(
        "--n",
        type=int,
        default=1_000_000,
        help="jumlah usulan untuk mesin tervektorisasi / proposals for the vectorised engine",
    )
    parser.add_argument(
        "--loop-n",
        type=int,
        default=20_000,
        help="jumlah usulan untuk perulangan satu per satu / proposals for the one-at-a-time loop",
    )
    parser.add_argument(
        "--widget-n",
        type=int,
        default=100_000,
        help="jumlah usulan per gambar ulang aplikasi / proposals per app redraw",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="berapa kali waktu mesin diukur (median) / timed runs of the engine (median)",
    )
    parser.add_argument(
        "--students",
        type=int,
        default=300,
        help="jumlah mahasiswa pada tolok ukur laporan / students of the report benchmark",
    )
    parser.add_argument(
        "--folder",
        default=None,
        help="report: simpan buku nilai sintetis di sini / "
        "report: keep the synthetic gradebook here",
    )


def run(args) -> int:
    """Run the benchmark of ``args.target``; the last line of ``simulate`` is machine-readable."""
    if args.target == "grade":
        return _grade(args)
    if args.target == "report":
        from sistercity.report.bench import run as bench_report

        return bench_report(args)
    if args.target == "site":
        from sistercity.site.bench import run as bench_site

        return bench_site(args)
    return _simulate(args)


def _grade(args) -> int:
    """Hand over to the grading benchmark, or say clearly that it is not there yet."""
    import importlib
    import importlib.util

    if importlib.util.find_spec("sistercity.grading.bench") is None:
        print(
            "sistercity.grading.bench belum ada: tolok ukur penilaian belum dipasang. / "
            "sistercity.grading.bench does not exist yet: the grading benchmark is not installed."
        )
        return 1
    return int(importlib.import_module("sistercity.grading.bench").run(args) or 0)


def _simulate(args) -> int:
    """Time the engine on ``--n`` proposals, the loop on ``--loop-n``, and the app's redraw."""
    import statistics
    import time

    from sistercity.errors import UserError
    from sistercity.pipeline import default_params, simulate
    from sistercity.pipeline.reference import simulate_loop

    for name in ("n", "loop_n", "widget_n", "repeats"):
        if getattr(args, name) < 1:
            raise UserError(f"--{name.replace('_', '-')} must be 1 or more / harus 1 atau lebih")
    params = default_params()
    simulate(params, 10_000, seed=0)  # warm up imports and caches before timing

    engine_runs, engine_cpu = [], []
    for repeat in range(args.repeats):
        start, cpu = time.perf_counter(), time.process_time()
        simulate(params, args.n, seed=repeat)
        engine_runs.append(time.perf_counter() - start)
        engine_cpu.append(time.process_time() - cpu)
    engine_s = statistics.median(engine_runs)
    start, cpu = time.perf_counter(), time.process_time()
    simulate_loop(params, args.loop_n, seed=0)
    loop_s = time.perf_counter() - start
    loop_cpu = time.process_time() - cpu

    engine_rate = args.n / engine_s
    loop_rate = args.loop_n / loop_s
    print(
        f"engine: {args.n:,} proposals, era {params.era} (with its legal clocks), median of "
        f"{args.repeats}: {engine_s:.3f} s ({engine_rate:,.0f} proposals/s); CPU time "
        f"{statistics.median(engine_cpu):.3f} s (wall time above CPU time means a busy machine)"
    )
    print(
        f"loop:   {args.loop_n:,} proposals one at a time: {loop_s:.3f} s ({loop_rate:,.0f} proposals/s)"
    )

    cpu_speedup = (args.n / statistics.median(engine_cpu)) / (args.loop_n / max(loop_cpu, 1e-9))
    print(
        f"cpu:    engine {statistics.median(engine_cpu):.3f} s, loop {loop_cpu:.3f} s: "
        f"speedup by CPU time {cpu_speedup:.1f} (steadier than wall time when the machine is shared)"
    )
    redraw_ms = _widget_redraw_ms(args.widget_n)
    print(
        f"widget: recompute and redraw for {args.widget_n:,} proposals, median of 5: {redraw_ms:.0f} ms"
    )
    engine_1e6_s = engine_s * 1_000_000 / args.n
    print(f"engine_1e6_s={engine_1e6_s:.3f} speedup={engine_rate / loop_rate:.1f}")
    return 0


def _widget_redraw_ms(n: int) -> float:
    """Median time, in ms, of the app's recompute-and-redraw for ``n`` proposals."""
    import statistics
    import time

    import matplotlib

    matplotlib.use("Agg")
    from sistercity.pipeline.widgets import MonteCarloApp

    app = MonteCarloApp(n=n, seed=1)
    runs = []
    for step in range(6):
        start = time.perf_counter()
        app.duration.value = 1.0 + 0.05 * (
            step % 2 + 1
        )  # a student moving a slider: re-run, redraw
        runs.append(time.perf_counter() - start)
    return 1000 * statistics.median(runs[1:])
