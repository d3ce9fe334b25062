"""The role-play's confidential briefs as handouts: one A4 PDF per era and language, a page per role.

:func:`briefs_html` writes the page (pure: a game in, HTML out); :func:`print_briefs` prints it with
the project's headless Chromium (``sistercity.browser``), as the site's handouts are printed. Each
role's page carries its brief, the stages where it acts, its legal basis and how the group joins
the game (``sistercity roleplay join --role ROLE``).
"""

from __future__ import annotations

import html
from pathlib import Path

from sistercity.i18n import LANGS, pick
from sistercity.roleplay.model import BRIEF_TITLES, Game, Role

STYLE = """
@page { size: A4; margin: 16mm 15mm; }
body { font-family: sans-serif; font-size: 11.5pt; line-height: 1.4; color: #000; }
section { page-break-after: always; }
section:last-child { page-break-after: auto; }
h1 { font-size: 18pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 12pt 0 3pt; }
.confidential { border: 2px solid #000; padding: 3pt 6pt; display: inline-block; font-weight: bold; }
.join { border: 1px dashed #000; padding: 6pt 8pt; margin-top: 12pt; }
code { font-size: 10.5pt; }
"""


def _join_html(game: Game, role: Role, lang: str, state: str) -> str:
    """How the group joins the shared game, in ``lang``."""
    command = f"sistercity roleplay join --role {role.role_id} --state {state}"
    serve = f"sistercity roleplay join --role {role.role_id} --state {state} --serve"
    steps = pick(
        lang,
        id=[
            "Fasilitator membuat permainan: <code>sistercity roleplay new --state "
            f"{html.escape(state)}</code> dan menampilkan papan fasilitator di proyektor.",
            f"Kelompok Anda bergabung sebagai <b>{html.escape(role.role_id)}</b>: "
            f"<code>{html.escape(command)}</code>; buka buku catatan yang ditulisnya di JupyterLab "
            "dan jalankan semua sel (Run All).",
            f"Tanpa JupyterLab: <code>{html.escape(serve)}</code> membuka layar kelompok sebagai "
            "aplikasi tanpa kode di peramban.",
            "Setiap keputusan dicatat pada papan bersama; keputusan pada papan yang sudah berubah "
            "ditolak, muat ulang lalu putuskan lagi.",
        ],
        en=[
            "The facilitator creates the game: <code>sistercity roleplay new --state "
            f"{html.escape(state)}</code> and shows the facilitator's board on the projector.",
            f"Your group joins as <b>{html.escape(role.role_id)}</b>: "
            f"<code>{html.escape(command)}</code>; open the notebook it writes in JupyterLab and "
            "Run All.",
            f"Without JupyterLab: <code>{html.escape(serve)}</code> opens the group's screen as an "
            "app with no code in the browser.",
            "Every decision is recorded on the shared board; a decision made on a board that has "
            "changed is refused: reload, then decide again.",
        ],
    )
    items = "".join(f"<li>{step}</li>" for step in steps)
    title = pick(lang, id="Cara bergabung dalam permainan", en="How to join the game")
    return f'<div class="join"><b>{title}</b><ol>{items}</ol></div>'


def briefs_html(game: Game, lang: str = "id", state: str = "sistercity-roleplay.sqlite") -> str:
    """Every role's confidential brief of ``game``'s era in ``lang``, one printed page per role."""
    sections = []
    for role in game.roles:
        stages = "; ".join(s.name(lang) for s in game.stages_of(role.role_id)) or "-"
        parts = "".join(
            f"<h2>{html.escape(pick(lang, *BRIEF_TITLES[key]))}</h2><p>{html.escape(text)}</p>"
            for key, text in role.brief(lang).items()
        )
        sections.append(
            "<section>"
            f'<p class="confidential">{pick(lang, "Rahasia: hanya untuk kelompok ini", "Confidential: this group only")}</p>'
            f"<h1>{html.escape(role.name(lang))}</h1>"
            f"<p><i>{html.escape(game.regime.title(lang))}</i> · "
            f"{pick(lang, 'kode peran', 'role code')}: <code>{html.escape(role.role_id)}</code></p>"
            f"{parts}"
            f"<h2>{pick(lang, 'Tahap tempat Anda bertindak', 'Stages where you act')}</h2>"
            f"<p>{html.escape(stages)}</p>"
            f"<p><b>{pick(lang, 'Dasar hukum', 'Legal basis')}:</b> {html.escape(role.legal_basis)} "
            f"({html.escape(role.status)})</p>"
            f"<p><b>{pick(lang, 'Sumber', 'Sources')}:</b> {html.escape(role.source_url)}</p>"
            f"{_join_html(game, role, lang, state)}"
            "</section>"
        )
    title = pick(lang, id="Brief permainan peran", en="Role-play briefs")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} – {html.escape(game.regime.title(lang))}</title>"
        f"<style>{STYLE}</style></head><body>{''.join(sections)}</body></html>"
    )


def brief_eras() -> list[str]:
    """The eras that have role-play briefs in the data, oldest first."""
    from sistercity.data import load

    return sorted(set(load("roleplay_briefs")["era"].astype(str)))


def print_briefs(
    folder: Path,
    eras: list[str] | None = None,
    langs: tuple[str, ...] = LANGS,
    state: str = "sistercity-roleplay.sqlite",
) -> list[Path]:
    """Print ``folder/roleplay_briefs_<era>_<lang>.pdf`` (A4) for each era and language; return them."""
    from sistercity.browser import offline_page, with_chromium
    from sistercity.roleplay import game_for

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    def work(browser) -> list[Path]:
        written = []
        tab = offline_page(browser)
        for era in eras or brief_eras():
            game = game_for(era)
            for lang in langs:
                tab.set_content(briefs_html(game, lang, state), wait_until="load")
                target = folder / f"roleplay_briefs_{era}_{lang}.pdf"
                tab.pdf(
                    path=str(target),
                    format="A4",
                    print_background=False,
                    prefer_css_page_size=True,
                )
                written.append(target)
        return written

    return with_chromium(work)
