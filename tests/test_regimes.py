"""The three legal eras as data: stages, actors, requirements, countries, and the regimes command."""

from __future__ import annotations

import json

import pytest

from sistercity.cli import main
from sistercity.data import VERIFIED_STATUSES, load
from sistercity.regimes import all_regimes, diplomatic_relations, era_ids, get_regime

ERAS = era_ids()

FIXED_STAGE_IDS = {
    "1993": [
        "perencanaan",
        "persetujuan_dprd",
        "usulan_mendagri",
        "kajian_antarinstansi",
        "kirim_mitra",
        "penandatanganan",
    ],
    "2004": [
        "penjajakan",
        "surat_minat",
        "rencana_kerja_sama",
        "persetujuan_dprd",
        "permohonan_mendagri",
        "rancangan_mou",
        "kirim_mitra",
        "surat_kuasa",
        "penandatanganan",
    ],
    "2020": [
        "prakarsa",
        "penjajakan",
        "kajian",
        "konsultasi_pusat",
        "pernyataan_kehendak",
        "rencana_kerja_sama",
        "persetujuan_dprd",
        "verifikasi_pusat",
        "rancangan_naskah",
        "pembahasan_naskah",
        "persetujuan_pusat",
        "penandatanganan",
    ],
}


@pytest.mark.parametrize("era", ERAS)
def test_stage_ids_are_the_fixed_ones_in_order(era):
    """Each era's stage ids are exactly the fixed list other modules key on, in order."""
    assert list(get_regime(era).stage_ids) == FIXED_STAGE_IDS[era]


@pytest.mark.parametrize("era", ERAS)
def test_stage_orders_run_one_to_n(era):
    """Stage orders in stages.csv are 1, 2, ... n without gaps."""
    regime = get_regime(era)
    assert [s.order for s in regime.stages] == list(range(1, len(regime.stages) + 1))


def test_every_stage_has_a_valid_status_source_and_known_actors():
    """Every stage has a known status, a source, a legal basis and actors that exist in actors.csv."""
    actors = set(load("actors")["actor_id"])
    for regime in all_regimes():
        for stage in regime.stages:
            assert stage.status in VERIFIED_STATUSES
            assert stage.source_url and stage.legal_basis
            assert stage.actors and set(stage.actors) <= actors


def test_facts_marked_as_the_reference_says():
    """Statuses follow the texts: 1993 paper claims unverified, 2004 practice partly, 2020 verified.

    The 2004 DPRD stage rests on UU 32/2004 Pasal 42 (read), and every current stage is verified
    from PP 28/2018 and Permendagri 25/2020, with its article quoted.
    """
    r1993, r2004, r2020 = all_regimes()
    assert r1993.stage("persetujuan_dprd").status == "unverified"
    assert r1993.stage("kajian_antarinstansi").status == "unverified"
    assert r2004.stage("persetujuan_dprd").status == "verified"
    assert "UU 32/2004 Pasal 42 ayat (1) huruf g" in r2004.stage("persetujuan_dprd").legal_basis
    others = [s for s in r2004.stages if s.stage_id != "persetujuan_dprd"]
    assert {s.status for s in others} == {"partly"}
    for stage in r2020.route:
        assert stage.status == "verified", stage.stage_id
        assert "Permendagri 25/2020 Pasal" in stage.legal_basis or "PP 28/2018 Pasal" in (
            stage.legal_basis
        )
        assert stage.quote and "Pasal" in stage.quote, stage.stage_id
    letters = [s.letter for s in r2020.route if s.letter]
    assert letters == list("abcdefghijk")  # Permendagri 25/2020 Pasal 9 (a)-(k), in order


def test_no_intelligence_agency_is_an_actor():
    """BIN/Bakin is named in no source, so it is not an actor of any stage."""
    actors = {a for regime in all_regimes() for s in regime.stages for a in s.actors}
    assert not {a for a in actors if "bin" in a or "bakin" in a}
    assert "BIN/Bakin" in get_regime("1993").stage("kajian_antarinstansi").description_en


def test_requirements_per_era():
    """1993 has the SE's six criteria (one secondary source), 2020 nine plus Aceh and Papua."""
    r1993, r2004, r2020 = all_regimes()
    se = [r for r in r1993.criteria if not r.requirement_id.startswith("formal_")]
    assert len(se) == 6 and {r.status for r in se} == {"partly"}
    assert {r.status for r in r1993.criteria if r.requirement_id.startswith("formal_")} == {
        "unverified"
    }
    assert {r.status for r in r2004.criteria} == {"partly"}
    assert len(r2020.criteria) == 12 and r2020.criteria[0].requirement_id == "hubungan_diplomatik"
    assert "dan/atau kesetaraan wilayah" in r2020.requirement("kesetaraan_status").quote
    assert "atau yang setingkat" in r2020.requirement("mitra_setingkat").quote
    assert {"aceh_frasa_nkri", "papua_keputusan_bersama"} <= {
        r.requirement_id for r in r2020.criteria
    }
    assert "UU 11/2006 Pasal 9" in r2020.requirement("aceh_frasa_nkri").legal_basis
    # Permendagri 25/2020 Pasal 18: via the governor, with a direct route after 5 working days.
    assert "Pasal 18" in r2020.requirement("prosedur_gubernur").legal_basis
    assert r2020.stage("verifikasi_pusat").has_role("governor_deadline")


def test_the_current_era_knows_no_full_powers():
    """Neither PP 28/2018 nor Permendagri 25/2020 has a Full Powers step, so the current era has none."""
    r2020 = get_regime()
    assert not r2020.stages_deciding("request_full_powers")
    assert not [r for r in r2020.requirements if "surat_kuasa" in r.requirement_id]
    assert not [s for s in r2020.route if "Full Powers" in s.name_en]
    assert get_regime("2004").requirement("prosedur_surat_kuasa").status == "partly"


def test_every_current_row_cites_an_article_of_the_current_texts():
    """Every current stage and requirement names an article of PP 28/2018, Permendagri 25/2020 or UU 23/2014."""
    r2020 = get_regime()
    pattern = ("PP 28/2018 Pasal", "Permendagri 25/2020 Pasal", "UU 23/2014 Pasal")
    special = {
        "aceh_frasa_nkri",
        "papua_keputusan_bersama",
    }  # their own statutes (UU 11/2006, 21/2001)
    rows = list(r2020.route) + [r for r in r2020.requirements if r.requirement_id not in special]
    for row in rows:
        assert any(p in row.legal_basis for p in pattern), row.legal_basis


def test_every_requirement_has_status_and_source():
    """Every requirement row has a known status and a source."""
    frame = load("requirements")
    assert set(frame["status"]) <= set(VERIFIED_STATUSES)
    assert frame["source_url"].str.len().min() > 0


def test_countries_cover_the_partner_countries_and_mark_israel_and_taiwan():
    """Indonesia has relations with the partner countries used in class, not with Israel or Taiwan."""
    relations = diplomatic_relations()
    for country in ("Japan", "China", "Netherlands", "United States", "North Korea", "Palestine"):
        assert relations[country] is True
    assert relations["Israel"] is False and relations["Taiwan"] is False


def test_unknown_era_is_refused_in_both_languages():
    """An unknown era raises an error naming the eras, in Indonesian and English."""
    with pytest.raises(ValueError, match="tidak dikenal.*Unknown era"):
        get_regime("1999")


def test_regimes_command_prints_json(capsys):
    """`sistercity regimes --json` prints JSON with every era and its stages and requirements."""
    assert main(["regimes", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["era"] for e in data["eras"]] == list(ERAS)
    assert [s["stage_id"] for s in data["eras"][2]["stages"]] == FIXED_STAGE_IDS["2020"]
    kinds = {r["kind"] for r in data["eras"][0]["requirements"]}
    assert kinds == {"criterion", "procedure"}


def test_regimes_command_prints_text_in_english(capsys):
    """`sistercity regimes --era 2004 --lang en` lists the era's stages with legal basis and status."""
    assert main(["regimes", "--era", "2004", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "surat_kuasa" in out and "UU 24/2000 Pasal 1 angka 3" in out and "[partly]" in out
    assert "prakarsa" not in out


def test_regimes_command_rejects_unknown_era(capsys):
    """An unknown era makes the command exit non-zero with a message in both languages."""
    assert main(["regimes", "--era", "1989"]) != 0
    err = capsys.readouterr().err
    assert "1989" in err and "Unknown era" in err and "tidak dikenal" in err
