"""The step-by-step simulator's rules: what it accepts, what it refuses and why, and its log."""

from __future__ import annotations

import pytest

from sistercity.regimes import diplomatic_relations, get_regime
from sistercity.stepper import LOG_COLUMNS, Proposal, Stepper, new_stepper
from sistercity.stepper.model import DECISIONS

CITY = Proposal("Kota Bandung", "city", "Suwon", "South Korea", "city")
PROVINCE = Proposal("DKI Jakarta", "province", "Tokyo", "Japan", "metropolis")
ISRAEL = Proposal("Kota Contoh", "city", "Haifa", "Israel", "city")


def walk(stepper: Stepper, until: str) -> None:
    """Take the first offered (lawful) decision at each stage until the stage ``until`` is reached."""
    while stepper.current_stage.stage_id != until:
        outcome = stepper.decide(stepper.stage_decisions(stepper.current_stage)[0])
        assert outcome.accepted, outcome.reason_en


def lawful_path(stepper: Stepper) -> list[str]:
    """Sign the agreement taking the first lawful decision of each stage; return the decisions."""
    taken = []
    while not stepper.finished:
        decision = stepper.stage_decisions(stepper.current_stage)[0]
        outcome = stepper.decide(decision)
        assert outcome.accepted, outcome.reason_en
        taken.append(decision)
    return taken


@pytest.mark.parametrize("era", ["1993", "2004", "2020"])
@pytest.mark.parametrize("proposal", [CITY, PROVINCE], ids=["city", "province"])
def test_lawful_path_reaches_signing(era, proposal):
    """Taking each stage's lawful decision in order signs the agreement, every step accepted."""
    stepper = new_stepper(era, proposal)
    taken = lawful_path(stepper)
    assert stepper.finished and taken[-1] == "sign"
    assert stepper.completed == stepper.regime.stage_ids
    assert stepper.log["accepted"].all()
    assert stepper.allowed_decisions() == []


def test_province_has_one_route_and_regency_two():
    """At the stage that goes to the centre a province submits; a regency or city picks a route."""
    province = new_stepper("2004", PROVINCE)
    walk(province, "permohonan_mendagri")
    assert province.stage_decisions(province.current_stage) == ("request_facilitation",)
    regency = new_stepper("2004", Proposal("Kabupaten Contoh", "regency", "X", "Japan", "town"))
    walk(regency, "permohonan_mendagri")
    assert set(regency.allowed_decisions()) >= {"request_via_governor", "request_directly"}


@pytest.mark.parametrize("era", ["1993", "2004"])
def test_signing_without_dprd_approval_is_refused(era):
    """Trying to sign before the DPRD approves is refused, citing the era's DPRD rule."""
    stepper = new_stepper(era, CITY)
    outcome = stepper.decide("sign")
    assert not outcome.accepted
    rule = stepper.regime.requirement("prosedur_dprd")
    assert outcome.legal_basis == rule.legal_basis and outcome.basis_status == rule.status
    assert "DPRD" in outcome.reason_en and "DPRD" in outcome.reason_id
    assert stepper.position == 0


@pytest.mark.parametrize("era", ["1993", "2004", "2020"])
def test_submitting_without_dprd_approval_is_refused(era):
    """At the DPRD stage, going straight to the centre is refused for want of DPRD approval."""
    stepper = new_stepper(era, PROVINCE)
    walk(stepper, "persetujuan_dprd")
    assert "request_facilitation" in stepper.allowed_decisions()
    outcome = stepper.decide("request_facilitation")
    assert not outcome.accepted and "DPRD" in outcome.reason_en
    assert stepper.current_stage.stage_id == "persetujuan_dprd"


def test_unverified_dprd_rule_of_1993_says_so():
    """The 1993 DPRD refusal warns that its legal basis is unverified, in both languages."""
    outcome = new_stepper("1993", CITY).decide("sign")
    assert outcome.basis_status == "unverified"
    assert "UNVERIFIED" in outcome.reason_en and "BELUM TERVERIFIKASI" in outcome.reason_id


def test_verified_rule_carries_no_warning():
    """The 2020 DPRD refusal cites a verified basis and carries no unverified warning."""
    outcome = new_stepper("2020", CITY).decide("sign")
    assert outcome.basis_status == "verified"
    assert "UNVERIFIED" not in outcome.reason_en and "partly" not in outcome.reason_en


def test_regency_going_around_the_governor_is_refused_in_2004():
    """In 2004 a city submitting directly to the Minister is refused (practitioner SOP, partly)."""
    stepper = new_stepper("2004", CITY)
    walk(stepper, "permohonan_mendagri")
    outcome = stepper.decide("request_directly")
    assert not outcome.accepted and "governor" in outcome.reason_en
    assert outcome.basis_status == "partly" and "partly verified" in outcome.reason_en
    assert stepper.decide("request_via_governor").accepted


def test_going_around_the_governor_in_1993_is_refused_as_unverified():
    """In 1993 the governor route comes only from the paper's diagram, and the refusal says so."""
    stepper = new_stepper("1993", CITY)
    walk(stepper, "usulan_mendagri")
    outcome = stepper.decide("request_directly")
    assert not outcome.accepted and outcome.basis_status == "unverified"
    assert "UNVERIFIED" in outcome.reason_en


def test_going_around_the_governor_at_once_is_refused_in_2020_but_the_deadline_opens_it():
    """Permendagri 25/2020 Pasal 18: a city goes through the governor; only after 5 working days directly."""
    stepper = new_stepper("2020", CITY)
    walk(stepper, "verifikasi_pusat")
    assert {"request_via_governor", "request_directly_after_deadline"} <= set(
        stepper.allowed_decisions()
    )
    refused = stepper.decide("request_directly")
    assert not refused.accepted and "Pasal 18" in refused.legal_basis
    assert "governor" in refused.reason_en and "gubernur" in refused.reason_id
    direct = stepper.decide("request_directly_after_deadline")
    assert direct.accepted and "not a refusal" in direct.reason_en
    assert "bukan penolakan" in direct.reason_id and "Pasal 18" in direct.reason_en
    assert stepper.current_stage.stage_id == "rancangan_naskah"


def test_before_permendagri_25_2020_the_route_has_no_study_and_no_governor_rule():
    """In 2019 (PP 28/2018 only) the kajian and the governor's 5-day route do not apply yet."""
    stepper = new_stepper("2020", CITY, year=2019)
    assert "kajian" not in stepper.regime.stage_ids
    assert "konsultasi_pusat" in stepper.regime.stage_ids  # PP 28/2018 Pasal 28(4)
    assert stepper.regime.requirement("prosedur_gubernur") is None
    walk(stepper, "verifikasi_pusat")
    assert stepper.decide("request_directly").accepted


def test_signing_without_full_powers_is_refused_in_2004():
    """In 2004, signing before the Foreign Minister's Full Powers is refused under UU 24/2000."""
    stepper = new_stepper("2004", PROVINCE)
    walk(stepper, "surat_kuasa")
    outcome = stepper.decide("sign")
    assert not outcome.accepted
    assert "Full Powers" in outcome.reason_en and "UU 24/2000" in outcome.legal_basis
    assert not stepper.has_full_powers
    assert stepper.decide("request_full_powers").accepted and stepper.has_full_powers
    assert stepper.decide("sign").accepted and stepper.finished


def test_signing_without_full_powers_is_refused_in_1993():
    """In 1993 the signing stage first needs full powers (the paper's account, partly verified)."""
    stepper = new_stepper("1993", PROVINCE)
    walk(stepper, "penandatanganan")
    assert stepper.allowed_decisions()[:2] == ["request_full_powers", "sign"]
    refused = stepper.decide("sign")
    assert not refused.accepted and refused.basis_status == "partly"
    assert stepper.decide("request_full_powers").accepted
    assert stepper.current_stage.stage_id == "penandatanganan"
    assert stepper.decide("sign").accepted and stepper.finished


def test_signing_without_the_ministers_approval_is_refused_in_2020():
    """In 2020 signing needs the Mendagri's approval based on the Surat Konfirmasi (Pasal 24), no Full Powers."""
    stepper = new_stepper("2020", PROVINCE)
    walk(stepper, "persetujuan_pusat")
    assert "request_full_powers" not in stepper.allowed_decisions()
    outcome = stepper.decide("sign")
    assert not outcome.accepted and outcome.rule_id == "prosedur_persetujuan_pusat"
    assert "Permendagri 25/2020 Pasal 8, 23 ayat (2) dan 24" in outcome.legal_basis
    assert "Surat Konfirmasi" in outcome.reason_en and "Surat Konfirmasi" in outcome.reason_id
    assert outcome.basis_status == "verified"
    assert stepper.decide("request_central_approval").accepted
    assert stepper.decide("sign").accepted and stepper.finished and not stepper.has_full_powers


def test_signing_the_loi_before_the_consultation_is_refused_in_2020():
    """An LoI signed before consulting the Mendagri and Menlu is refused (PP 28/2018 Pasal 28(4), Pasal 14)."""
    stepper = new_stepper("2020", CITY)
    walk(stepper, "konsultasi_pusat")
    outcome = stepper.decide("sign_letter_of_intent")
    assert not outcome.accepted and outcome.rule_id == "prosedur_konsultasi_loi"
    assert "PP 28/2018 Pasal 28 ayat (4)" in outcome.legal_basis
    assert "Pasal 14" in outcome.reason_en and "Pasal 14" in outcome.reason_id  # the article named
    assert "Permendagri 25/2020 Pasal 14" in outcome.legal_basis
    assert stepper.decide("request_response").accepted
    assert stepper.decide("sign_letter_of_intent").accepted


def test_skipping_the_review_and_its_surat_konfirmasi_is_refused_in_2020():
    """In 2020, asking for the Minister's approval before the review yields a Surat Konfirmasi is refused."""
    stepper = new_stepper("2020", PROVINCE)
    walk(stepper, "pembahasan_naskah")
    outcome = stepper.decide("request_central_approval")
    assert not outcome.accepted and "Surat Konfirmasi" in outcome.reason_en
    assert stepper.current_stage.stage_id == "pembahasan_naskah"
    assert stepper.decide("await_confirmation").accepted


def test_the_route_goes_on_after_signing_when_asked():
    """After signing: the original to the Minister, the annual plan, the report, then extension or end."""
    stepper = new_stepper("2020", CITY, after_signing=True)
    walk(stepper, "naskah_asli")
    assert stepper.signed and not stepper.finished and "sign" not in stepper.allowed_decisions()
    assert stepper.decide("report").accepted
    assert stepper.decide("plan_annual_activities").accepted
    skipped = stepper.decide("request_extension")
    assert not skipped.accepted and skipped.rule_id == "prosedur_laporan_tahunan"
    assert "Pasal 38" in skipped.legal_basis
    assert stepper.decide("submit_annual_report").accepted
    assert stepper.current_stage.stage_id == "masa_berlaku"
    assert "end_cooperation" in stepper.allowed_decisions()
    assert stepper.decide("end_cooperation").accepted and stepper.finished


def test_partner_without_diplomatic_relations_is_refused_from_the_start_in_2020():
    """In 2020 every decision for a partner in Israel is refused, citing requirement 1."""
    stepper = new_stepper("2020", ISRAEL)
    for decision in ("take_initiative", "explore_partner", "revise"):
        outcome = stepper.decide(decision)
        assert not outcome.accepted and "diplomatic relations" in outcome.reason_en
        assert outcome.basis_status == "verified"
    assert stepper.position == 0 and len(stepper.log) == 3


def test_taiwan_partner_is_refused_in_2020():
    """Indonesia has no diplomatic relations with Taiwan, so a Taiwanese partner is refused in 2020."""
    taipei = Proposal("Kota Makassar", "city", "Taipei", "Taiwan", "special municipality")
    assert not new_stepper("2020", taipei).decide("take_initiative").accepted


def test_no_relations_rule_in_older_eras_is_flagged_not_invented():
    """Before 2020 no verified rule forbids it: the first step is accepted with a note saying so."""
    outcome = new_stepper("2004", ISRAEL).decide("explore_partner")
    assert outcome.accepted and "No verified rule" in outcome.reason_en


def test_unknown_country_in_2020_is_a_clear_error():
    """A partner country missing from countries.csv cannot be checked, and the error says what to do."""
    with pytest.raises(ValueError, match="countries.csv"):
        new_stepper("2020", Proposal("Kota X", "city", "Y", "Atlantis", "city"))


def test_skipping_an_ordinary_stage_is_refused_with_its_basis():
    """Jumping past a stage that no rule names is refused: stages are done in order."""
    stepper = new_stepper("2020", CITY)
    walk(stepper, "rencana_kerja_sama")
    outcome = stepper.decide("submit_to_dprd")
    assert not outcome.accepted and "in order" in outcome.reason_en
    assert outcome.legal_basis == stepper.regime.stage("rencana_kerja_sama").legal_basis


def test_revise_keeps_the_stage():
    """Revising records an accepted step but does not move the proposal on."""
    stepper = new_stepper("2004", CITY)
    outcome = stepper.decide("revise")
    assert outcome.accepted and stepper.position == 0 and outcome.next_stage_id == "penjajakan"


def test_unknown_or_unavailable_decisions_raise():
    """A decision outside the vocabulary, or not offered now, is an error naming the choices."""
    stepper = new_stepper("2020", CITY)
    with pytest.raises(ValueError, match="Unknown decision"):
        stepper.decide("bribe_the_minister")
    with pytest.raises(ValueError, match="not available now"):
        stepper.decide("request_central_approval")


def test_log_columns_and_content():
    """The log has one row per decision with the documented columns, refusals included."""
    stepper = new_stepper("2004", CITY)
    stepper.decide("sign")
    stepper.decide("explore_partner")
    log = stepper.log
    assert list(log.columns) == list(LOG_COLUMNS)
    assert log["step"].tolist() == [1, 2]
    assert log["accepted"].tolist() == [False, True]
    assert log["stage_id"].tolist() == ["penjajakan", "penjajakan"]
    assert log["next_stage_id"].tolist() == ["penjajakan", "surat_minat"]
    assert (log["era"] == "2004").all() and log["reason_id"].str.len().min() > 0


def test_every_stage_has_decisions_in_the_vocabulary():
    """Every stage of every era offers at least one decision, all from the fixed vocabulary."""
    for era in ("1993", "2004", "2020"):
        stepper = Stepper(get_regime(era), CITY, diplomatic_relations())
        for stage in stepper.regime.stages:
            decisions = stepper.stage_decisions(stage)
            assert decisions and set(decisions) <= set(DECISIONS)


def test_bad_region_level_is_refused_in_both_languages():
    """A region level other than province, regency or city is an error in both languages."""
    with pytest.raises(ValueError, match="region_level harus.*region_level must"):
        Proposal("Kota X", "village")
