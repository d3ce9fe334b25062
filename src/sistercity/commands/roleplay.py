"""``sistercity roleplay``: the approval scheme as a classroom negotiation, one group per role."""

from __future__ import annotations

from sistercity.commands import add_lang_option

HELP = (
    "permainan peran: permainan baru, bergabung (join --role), papan fasilitator, debrief, nilai "
    "dan brief (handout) / the role-play: new game, join --role, facilitator board, debrief, grade, briefs "
    "(handouts)"
)

ACTIONS = ("new", "join", "facilitator", "debrief", "grade", "briefs")


def add_arguments(parser) -> None:
    """Options: the action, the game's file, and each action's own options."""
    parser.add_argument("action", choices=ACTIONS, help="yang dilakukan / what to do")
    parser.add_argument(
        "--state",
        help="berkas SQLite permainan (bawaan: $SISTERCITY_ROLEPLAY_STATE, jika tidak ada "
        "sistercity-roleplay.sqlite di $SISTERCITY_EXCHANGE, jika tidak ada juga di folder ini) / "
        "the game's SQLite file (default: $SISTERCITY_ROLEPLAY_STATE, else "
        "sistercity-roleplay.sqlite in $SISTERCITY_EXCHANGE, else in this folder)",
    )
    add_lang_option(parser)
    parser.add_argument(
        "--era",
        help="new: era hukum (bawaan: era yang berlaku) / "
        "new: the legal era (default: the current one)",
    )
    parser.add_argument(
        "--region",
        default="Kota Surakarta",
        help="new: daerah di Indonesia / new: the Indonesian region",
    )
    parser.add_argument(
        "--level",
        default="city",
        choices=["province", "regency", "city"],
        help="new: tingkat daerahnya / new: its level",
    )
    parser.add_argument(
        "--partner", default="Xi'an", help="new: mitra luar negeri / new: the foreign partner"
    )
    parser.add_argument(
        "--country", default="China", help="new: negara mitra / new: the partner's country"
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="new: ganti permainan yang sudah ada / new: replace an existing game",
    )
    parser.add_argument(
        "--role", help="join: peran kelompok (mis. dprd) / join: the group's role (e.g. dprd)"
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="join: sajikan layar peran itu sebagai aplikasi di sini / "
        "join: serve the role's screen as an app here",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8870,
        help="facilitator, join --serve: port yang dipakai / facilitator, join --serve: port",
    )
    parser.add_argument(
        "--roster",
        help="grade: CSV dengan kolom student_id, role_id [, name] / "
        "grade: CSV with columns student_id, role_id [, name]",
    )
    parser.add_argument(
        "--format",
        default="csv",
        choices=["csv", "moodle"],
        help="grade: csv atau moodle / grade: csv or moodle",
    )
    parser.add_argument(
        "--plot",
        help="debrief: simpan juga grafik linimasa ke berkas PNG ini / "
        "debrief: also save the timeline plot to this PNG file",
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="briefs: cetak brief setiap peran sebagai PDF A4, satu berkas per era (--era: hanya "
        "era itu) dan bahasa, dengan petunjuk bergabung (perlu chromium) / briefs: print every "
        "role's brief as A4 PDF, one file per era (--era: only it) and language, with the join "
        "instructions (needs chromium)",
    )
    parser.add_argument(
        "-o",
        "--output",
        help="join: notebook tujuan; grade: CSV tujuan; briefs: folder untuk handout / "
        "join: notebook to write; grade: CSV to write; briefs: folder for the handouts",
    )


def run(args) -> int:
    """Run the chosen action; a missing game, role or roster is a user error."""
    from pathlib import Path

    from sistercity.errors import UserError
    from sistercity.roleplay.model import GameError
    from sistercity.roleplay.store import GameStore, default_state_path

    path = Path(args.state) if args.state else default_state_path()
    try:
        if args.action == "new":
            return _new(args, path)
        if args.action == "briefs" and args.pdf:
            return _briefs_pdf(args, path)
        if args.action == "briefs" and not path.is_file():
            return _briefs(args, None)
        store = GameStore(path)
        run_action = {
            "join": _join,
            "facilitator": _facilitator,
            "debrief": _debrief,
            "grade": _grade,
            "briefs": _briefs,
        }[args.action]
        return run_action(args, store)
    except (FileNotFoundError, FileExistsError, GameError, ValueError) as error:
        raise UserError(str(error)) from None


def _new(args, path) -> int:
    from sistercity.i18n import both
    from sistercity.roleplay.store import GameStore
    from sistercity.stepper.model import Proposal

    proposal = Proposal(args.region, args.level, args.partner, args.country)
    store = GameStore.create(path, args.era, proposal, overwrite=args.overwrite)
    roles = ", ".join(r.role_id for r in store.game().roles)
    print(
        both(
            f"Permainan baru (era {store.era}) di {path}. Peran: {roles}.\n"
            f"Kelompok bergabung dengan: sistercity roleplay join --role PERAN --state {path}",
            f"New game ({store.era} era) at {path}. Roles: {roles}.\n"
            f"Groups join with: sistercity roleplay join --role ROLE --state {path}",
        )
    )
    return 0


def _join(args, store) -> int:
    from pathlib import Path

    import nbformat

    from sistercity.apps import app_notebook
    from sistercity.i18n import both

    if not args.role:
        roles = ", ".join(r.role_id for r in store.game().roles)
        raise ValueError(
            both(f"Pilih peran dengan --role. Perannya: {roles}.", f"Choose --role: {roles}.")
        )
    store.game().role(args.role)
    options = {"role": args.role, "state": str(store.path.resolve())}
    if args.serve:
        return _serve("roleplay-role", args, options)
    target = Path(args.output or f"roleplay_{args.role}_{args.lang}.ipynb")
    nbformat.write(app_notebook("roleplay-role", args.lang, options), target)
    print(
        both(
            f"Layar kelompok ditulis ke {target}. Buka di JupyterLab dan jalankan (Run All), atau "
            f"sebagai aplikasi tanpa kode: <alamat server Anda>/voila/render/{target.name}",
            f"The group's screen was written to {target}. Open it in JupyterLab and Run All, or as "
            f"an app with no code: <your server's address>/voila/render/{target.name}",
        )
    )
    return 0


def _facilitator(args, store) -> int:
    return _serve("roleplay", args, {"state": str(store.path.resolve())})


def _serve(name, args, options) -> int:
    from sistercity.commands.app import serve

    return serve(name, args.lang, args.port, options)


def _debrief(args, store) -> int:
    from sistercity.roleplay.debrief import could_have_done, debrief_text, stalls, timeline

    game = store.game()
    with __import__("pandas").option_context("display.max_colwidth", 80, "display.width", 200):
        print(timeline(game, args.lang).to_string(index=False))
        print()
        table = stalls(game, args.lang)
        print(table.drop(columns="stage_id").to_string(index=False) if len(table) else "-")
        print()
        print(could_have_done(game, args.lang).drop(columns="role_id").to_string(index=False))
    print()
    for point in debrief_text(game, args.lang):
        print(f"- {point}")
    if args.plot:
        from matplotlib.figure import Figure

        from sistercity.roleplay.plot import plot_game

        figure = Figure(figsize=(12, 6), layout="constrained")
        plot_game(figure.add_subplot(), game, args.lang)
        figure.savefig(args.plot, dpi=120)
        print(f"\n{args.plot}")
    return 0


def _grade(args, store) -> int:
    from pathlib import Path

    import pandas as pd

    from sistercity.grading.export import read_roster, to_csv, to_moodle
    from sistercity.i18n import both
    from sistercity.roleplay.debrief import grades, student_rows

    if not args.roster:
        raise ValueError(
            both(
                "Berikan --roster: CSV dengan kolom student_id dan role_id (nama opsional).",
                "Give --roster: a CSV with columns student_id and role_id (name optional).",
            )
        )
    roster = pd.read_csv(args.roster, dtype=str).fillna("")
    roster.columns = [c.strip().lower() for c in roster.columns]
    missing = {"student_id", "role_id"} - set(roster.columns)
    if missing:
        raise ValueError(
            both(
                f"Roster {args.roster} tidak punya kolom {', '.join(sorted(missing))}.",
                f"The roster {args.roster} lacks the column(s) {', '.join(sorted(missing))}.",
            )
        )
    rows = student_rows(grades(store.game(), args.lang), roster)
    if args.format == "moodle":
        text, unmatched = to_moodle(rows, read_roster(args.roster))
        if unmatched:
            print(
                both(
                    f"Tanpa email/ID number di roster: {', '.join(unmatched)}",
                    f"No email/ID number in the roster for: {', '.join(unmatched)}",
                )
            )
    else:
        text = to_csv(rows)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(both(f"{len(rows)} nilai ditulis ke {args.output}.", f"{len(rows)} grades written."))
    else:
        print(text, end="")
    return 0


def _briefs_pdf(args, path) -> int:
    """Print the briefs of every era (or --era) in both languages as A4 PDFs."""
    from pathlib import Path

    from sistercity.i18n import both
    from sistercity.regimes import check_era
    from sistercity.roleplay.briefs import brief_eras, print_briefs

    eras = brief_eras()
    if args.era:
        era = check_era(args.era)
        if era not in eras:
            raise ValueError(
                both(
                    f"Era {era} tidak punya brief permainan peran. Pilih: {', '.join(eras)}.",
                    f"The {era} era has no role-play briefs. Choose one of: {', '.join(eras)}.",
                )
            )
        eras = [era]
    try:
        written = print_briefs(Path(args.output or "."), eras, state=str(path))
    except RuntimeError as error:  # no Chromium: say how to install it
        raise ValueError(str(error)) from None
    for target in written:
        print(target)
    print(both(f"{len(written)} PDF brief ditulis.", f"{len(written)} brief PDFs written."))
    return 0


def _briefs(args, store) -> int:
    """Write one Markdown handout per role (or only --role): the confidential brief to print."""
    from pathlib import Path

    from sistercity.i18n import both, pick
    from sistercity.roleplay import game_for
    from sistercity.roleplay.model import BRIEF_TITLES

    game = store.game() if store is not None else game_for(args.era)
    roles = [game.role(args.role)] if args.role else list(game.roles)
    folder = Path(args.output or ".")
    folder.mkdir(parents=True, exist_ok=True)
    lang = args.lang
    for role in roles:
        stages = ", ".join(s.name(lang) for s in game.stages_of(role.role_id)) or "-"
        lines = [
            f"# {role.name(lang)}",
            "",
            pick(
                lang, "**Rahasia: hanya untuk kelompok ini.**", "**Confidential: this group only.**"
            ),
            "",
            f"*{game.regime.title(lang)}*",
            "",
        ]
        for key, text in role.brief(lang).items():
            lines += [f"## {pick(lang, *BRIEF_TITLES[key])}", "", text, ""]
        lines += [
            f"## {pick(lang, 'Tahap tempat Anda bertindak', 'Stages where you act')}",
            "",
            stages,
            "",
            f"**{pick(lang, 'Dasar hukum', 'Legal basis')}:** {role.legal_basis} ({role.status})",
            "",
            f"**{pick(lang, 'Sumber', 'Sources')}:** {role.source_url}",
            "",
        ]
        target = folder / f"brief_{game.regime.era}_{role.role_id}_{lang}.md"
        target.write_text("\n".join(lines), encoding="utf-8")
        print(target)
    print(both(f"{len(roles)} brief ditulis.", f"{len(roles)} briefs written."))
    return 0
