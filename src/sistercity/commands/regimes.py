"""``sistercity regimes``: print each legal era's stages and requirements, or the same as JSON."""

from __future__ import annotations

from sistercity.commands import add_lang_option

HELP = (
    "cetak tahap dan syarat setiap era hukum (data/eras.csv), atau --json / print the stages and "
    "requirements of each legal era (data/eras.csv), or --json"
)


def add_arguments(parser) -> None:
    """Options: one era only, JSON output, and the language of the text output."""
    parser.add_argument(
        "--era",
        help="hanya era ini (salah satu era di data/eras.csv) / "
        "only this era (an era of data/eras.csv)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="cetak JSON yang dapat dibaca mesin / print machine-readable JSON",
    )
    add_lang_option(parser)


def regime_dict(regime) -> dict:
    """A regime as plain JSON-ready data: its era, titles, stages and requirements."""
    from dataclasses import asdict

    return {
        "era": regime.era,
        "title_id": regime.title_id,
        "title_en": regime.title_en,
        "info": asdict(regime.info),
        "stages": [asdict(s) for s in regime.stages],
        "after_signing": [asdict(s) for s in regime.after_signing],
        "requirements": [
            {**asdict(r), "kind": "procedure" if r.is_procedure else "criterion"}
            for r in regime.requirements
        ],
        "actors": [asdict(a) for a in regime.lanes()],
    }


def format_regime(regime, lang: str = "id") -> str:
    """A regime as readable text in ``lang``: every stage, then every requirement."""
    from sistercity.i18n import pick

    def label(id_text: str, en_text: str) -> str:
        return pick(lang, id=id_text, en=en_text)

    lines = [f"== {regime.title(lang)} ==", label("Tahap:", "Stages:")]
    after = label("sesudah penandatanganan", "after signing")
    for s in regime.route:
        actors = ", ".join(regime.actor(a).name(lang) for a in s.actors)
        when = f" ({label('sejak', 'from')} {s.in_force_from})" if s.in_force_from else ""
        part = f" ({after})" if s.has_role("after_signing") else ""
        lines += [
            f"  {s.order}. {s.stage_id}: {s.name_id} / {s.name_en}  [{s.status}]{when}{part}",
            f"     {label('pelaku (pertama memimpin)', 'actors (first leads)')}: {actors}",
            f"     {label('dokumen masuk', 'documents in')}: {'; '.join(s.documents_in) or '-'}",
            f"     {label('dokumen keluar', 'documents out')}: {'; '.join(s.documents_out) or '-'}",
            f"     {label('dasar hukum', 'legal basis')}: {s.legal_basis}",
            f"     {label('sumber', 'source')}: {s.source_url}",
        ]
        if s.quote:
            lines.append(f"     {label('bunyi pasal', 'the article')}: {s.quote}")
    lines.append(label("Persyaratan:", "Requirements:"))
    for r in regime.requirements:
        kind = label("prosedur", "procedure") if r.is_procedure else label("kriteria", "criterion")
        lines += [
            f"  - {r.requirement_id} ({kind}) [{r.status}]: {r.text(lang)}",
            f"     {label('dasar hukum', 'legal basis')}: {r.legal_basis}",
            f"     {label('sumber', 'source')}: {r.source_url}",
        ]
    return "\n".join(lines)


def run(args) -> int:
    """Print the chosen era (or all eras) as text or JSON; an unknown era is a user error."""
    import json

    from sistercity.errors import UserError
    from sistercity.regimes import era_ids, get_regime

    eras = era_ids() if args.era is None else (args.era,)
    try:
        regimes = [get_regime(era) for era in eras]
    except ValueError as error:
        raise UserError(str(error)) from None
    if args.json:
        print(json.dumps({"eras": [regime_dict(r) for r in regimes]}, ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(format_regime(r, args.lang) for r in regimes))
    return 0
