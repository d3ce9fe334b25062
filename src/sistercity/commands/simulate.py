"""``sistercity simulate``: the Monte Carlo of the approval pipeline, summarised in the terminal."""

from __future__ import annotations

from sistercity.commands import add_lang_option

HELP = (
    "simulasi Monte Carlo banyak usulan kota kembar melalui alur persetujuan satu era (asumsi "
    "pengajaran) / simulate many sister-city proposals through an era's approval pipeline "
    "(teaching assumptions)"
)


def add_arguments(parser) -> None:
    """Options: era, number of proposals, seed, output format, language, assumptions file."""
    parser.add_argument(
        "--regime",
        "--era",
        dest="regime",
        default=None,
        help="salah satu era di data/eras.csv (bawaan: era yang berlaku) / "
        "an era of data/eras.csv (default: the current era)",
    )
    parser.add_argument(
        "--n",
        type=int,
        default=100_000,
        help="jumlah usulan (bawaan 100000) / number of proposals (default 100000)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=7,
        help="benih acak; benih yang sama memberi hasil yang sama / "
        "random seed; the same seed gives the same output",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="cetak ringkasan sebagai JSON / print the summary as JSON",
    )
    add_lang_option(parser)
    parser.add_argument(
        "--assumptions",
        metavar="FILE",
        help="salinan data/pipeline_assumptions.csv yang sudah disunting dosen / "
        "a lecturer's edited copy of data/pipeline_assumptions.csv",
    )


def run(args) -> int:
    """Simulate, then print the summary (text or JSON); errors name the wrong option."""
    import json

    from sistercity.data import DataError, load, read_checked, schema_for
    from sistercity.errors import UserError
    from sistercity.i18n import both
    from sistercity.pipeline import (
        assumption_note,
        legal_clocks,
        params_from_frame,
        simulate,
        stage_labels,
        summarize,
        summary_lines,
    )
    from sistercity.regimes import check_era, get_regime

    try:
        era = check_era(args.regime)
    except ValueError as error:
        raise UserError(f"--regime: {error}") from None
    if args.n < 1:
        raise UserError(
            both(
                f"--n (jumlah usulan) harus 1 atau lebih, bukan {args.n}.",
                f"--n (number of proposals) must be 1 or more, not {args.n}.",
            )
        )
    try:
        if args.assumptions:
            frame = read_checked(args.assumptions, schema_for("pipeline_assumptions"))
        else:
            frame = load("pipeline_assumptions")
        params = params_from_frame(frame, get_regime(era), None, legal_clocks(era))
    except DataError as error:
        raise UserError(str(error)) from None
    except ValueError as error:
        source = args.assumptions or "data/pipeline_assumptions.csv"
        raise UserError(f"{source}: {error}") from None

    summary = summarize(simulate(params, args.n, seed=args.seed))
    if args.json:
        payload = summary.to_dict()
        payload["seed"] = args.seed
        payload["assumptions_file"] = args.assumptions or "data/pipeline_assumptions.csv"
        payload["note"] = assumption_note(args.lang)
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    print(f"seed = {args.seed}")
    for line in summary_lines(summary, args.lang, stage_labels(era, args.lang)):
        print(line)
    return 0
