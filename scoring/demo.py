"""A deterministic, fictional demo: the 2026 cycle mid-assessment, and a closed 2022 cycle.

Every unit, person and text here is invented. The same seed always gives the
same database, so screenshots and tests can rely on it. Demo accounts exist
only in a database built here (is_demo = true), all with the password `demo`.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import polars as pl

import criteria
from scoring import rulebook
from scoring.platform import outbox
from scoring.platform.auth import hash_password
from scoring.store import Store, accounts, assessments, audit, insert_frame, replace_file, units

DEMO_PASSWORD = "demo"
CURRENT_YEAR, HISTORY_YEAR = 2026, 2022
EXAMINERS, TEAM_SIZE = 15, 3

ORGANISATIONS = [
    ("Bromma stadsdelsförvaltning", "förvaltning", "Bromma stadsdelsnämnd"),
    ("Farsta stadsdelsförvaltning", "förvaltning", "Farsta stadsdelsnämnd"),
    ("Kungsholmens stadsdelsförvaltning", "förvaltning", "Kungsholmens stadsdelsnämnd"),
    ("Norrmalms stadsdelsförvaltning", "förvaltning", "Norrmalms stadsdelsnämnd"),
    ("Rinkeby-Kista stadsdelsförvaltning", "förvaltning", "Rinkeby-Kista stadsdelsnämnd"),
    ("Skarpnäcks stadsdelsförvaltning", "förvaltning", "Skarpnäcks stadsdelsnämnd"),
    ("Södermalms stadsdelsförvaltning", "förvaltning", "Södermalms stadsdelsnämnd"),
    ("Östermalms stadsdelsförvaltning", "förvaltning", "Östermalms stadsdelsnämnd"),
    ("Socialförvaltningen", "förvaltning", "Socialnämnden"),
    ("Utbildningsförvaltningen", "förvaltning", "Utbildningsnämnden"),
    ("Äldreförvaltningen", "förvaltning", "Äldrenämnden"),
    ("Trafikkontoret", "förvaltning", "Trafiknämnden"),
    ("Stockholm Vatten och Avfall AB", "bolag", "Styrelsen för Stockholm Vatten och Avfall AB"),
    ("Micasa Fastigheter i Stockholm AB", "bolag", "Styrelsen för Micasa Fastigheter i Stockholm AB"),
]

# Fictional unit names per class code; each gets a place name to make it unique.
UNIT_KINDS = {
    "forskola": ["förskola Lärkan", "förskola Ekorren", "förskola Solrosen", "förskola Humlan", "förskola Tallen"],
    "skola": ["skola", "grundskola", "gymnasium", "F–9-skola", "särskola"],
    "aldreomsorg": ["vård- och omsorgsboende", "hemtjänst", "dagverksamhet för äldre", "biståndsenhet äldre"],
    "socialtjanst_lss": ["gruppbostad", "socialjour", "stödboende", "daglig verksamhet", "familjecentrum"],
    "andra": ["kundtjänst", "parkenhet", "ekonomienhet", "driftenhet", "lönecenter"],
}
PLACES = ["Abrahamsberg", "Bagarmossen", "Fruängen", "Hammarby", "Hjorthagen", "Husby", "Kista", "Liljeholmen",
          "Mariatorget", "Midsommarkransen", "Norra Djurgården", "Råcksta", "Sköndal", "Solhem", "Tensta",
          "Traneberg", "Vasastan", "Västertorp", "Älvsjö", "Årsta", "Gubbängen", "Hökarängen", "Stureby"]
STRENGTHS = [
    "Tydligt beskrivna arbetssätt med konkreta exempel och uppföljning.",
    "Medarbetarna är delaktiga och idéer tas till vara på ett strukturerat sätt.",
    "Dialogen med brukarna är väl utvecklad och leder till synliga förändringar.",
    "Resultaten redovisas över flera år och jämförs med andra enheter.",
    "Ledningen skapar ett öppet klimat där avvikelser används för lärande.",
]
IMPROVEMENTS = [
    "Koppla tydligare mellan analys och beslutade åtgärder.",
    "Beskriv hur förbättringar följs upp så att de blir bestående.",
    "Visa fler jämförelser med andra verksamheter.",
    "Utveckla återkopplingen till stockholmarna om vad synpunkterna ledde till.",
    "Sprid lärdomar systematiskt till andra enheter i förvaltningen.",
]


@dataclass(frozen=True)
class DemoSummary:
    path: str
    units: int
    submissions: int
    examiners: int


def build(path: str | Path, seed: int = 2026, force: bool = False) -> DemoSummary:
    """Create the demo database at `path` (refusing to touch an existing file unless `force`)."""
    path = replace_file(path, force)
    db = Store(path)
    try:
        rng = random.Random(seed)
        summary = db.write(lambda con: _populate(con, rng))
        _practice_demo(db, rng)
    finally:
        db.close()
    return DemoSummary(str(path), *summary)


def _populate(con, rng: random.Random) -> tuple[int, int, int]:
    rulebook.install(con, criteria.load_year(HISTORY_YEAR), phase="closed")
    rulebook.install(con, criteria.load_year(CURRENT_YEAR), phase="assessment")
    org_ids = [units.insert_organisation(con, *org) for org in ORGANISATIONS]
    examiners = _accounts(con, rng, org_ids)
    unit_rows = _units(con, rng, org_ids)
    quality = {u["id"]: rng.uniform(35, 85) for u in unit_rows}
    severity = {name: rng.gauss(0, 7) for name, _ in examiners}
    teams = [examiners[i:i + TEAM_SIZE] for i in range(0, EXAMINERS, TEAM_SIZE)]
    current = _submissions(con, rng, unit_rows, CURRENT_YEAR)
    history = _submissions(con, rng, unit_rows[::2], HISTORY_YEAR)
    _staff_and_score(con, rng, current, teams, quality, severity, history=False)
    _staff_and_score(con, rng, history, teams, quality, severity, history=True)
    _consensus_and_visits(con)
    _registration_demo(con, current, org_ids)
    _documents_demo(con, current)
    _committee_decisions_demo(con, org_ids)
    outbox.seed_demo(con)
    audit.record(con, "system", "create_demo", "database", "demo", new={"seed": rng.random()})
    return len(unit_rows), len(current) + len(history), EXAMINERS


def _accounts(con, rng: random.Random, org_ids: list[int]) -> list[tuple[str, int]]:
    """Demo accounts share one hash of the public demo password: hashing is the slow part."""
    hashed = hash_password(DEMO_PASSWORD)
    accounts.insert(con, "admin", "Kansliet (demo)", "admin", hashed, is_demo=True)
    examiners = []
    class_codes = list(UNIT_KINDS)
    for i in range(1, EXAMINERS + 1):
        name, org = f"examinator{i}", org_ids[(i * 5) % len(org_ids)]
        role = "lead" if (i - 1) % TEAM_SIZE == 0 else "examiner"
        accounts.insert(con, name, f"Examinator {i}", role, hashed, org, is_demo=True)
        accounts.insert_examiner(con, name, 2018 + i % 8, 10, rng.sample(class_codes, 2), f"{name}@kvalitet.example")
        examiners.append((name, org))
    # Committee members come from specialist förvaltningar/bolag, so each is recused in about one class.
    for i, org_index in enumerate((12, 9, 10), start=1):
        accounts.insert(con, f"kommitte{i}", f"Kommittéledamot {i}", "committee", hashed, org_ids[org_index],
                        is_demo=True)
    accounts.insert(con, "stadsdirektor", "Stadsdirektören (demo)", "chair", hashed, is_demo=True)
    return examiners


# Which organisations run units of each class (indexes into ORGANISATIONS): districts run most
# local services; the specialist förvaltningar and the companies run the rest.
DISTRICTS = list(range(8))
OWNERS = {"forskola": DISTRICTS, "skola": DISTRICTS + [9], "aldreomsorg": DISTRICTS + [10],
          "socialtjanst_lss": DISTRICTS + [8], "andra": [11, 12, 13, 8, 0, 3]}


def _units(con, rng: random.Random, org_ids: list[int]) -> list[dict]:
    rows, places = [], iter(rng.sample(PLACES * 3, len(PLACES) * 3))
    for class_index, (code, kinds) in enumerate(UNIT_KINDS.items()):
        for j in range(9):
            owners = OWNERS[code]  # spread over the class's owners: 5 is coprime with 8, 9 and 6 owners
            row = {"id": f"E{len(rows) + 1:03d}", "name": f"{next(places)}s {kinds[j % len(kinds)]}",
                   "organisation_id": org_ids[owners[(j * 5 + class_index) % len(owners)]],
                   "employees": rng.randint(6, 80), "operator_type": "kommunal", "stockholm_share": 100.0}
            if j == 8:  # one privately run unit per class
                row.update(operator_type="enskilt driven", stockholm_share=float(rng.choice([60, 85, 100])))
            units.insert_unit(con, row)
            rows.append({**row, "class_code": code})
    return rows


def _submissions(con, rng: random.Random, unit_rows: list[dict], year: int) -> list[dict]:
    out = []
    for u in unit_rows:
        text = _submission_text(rng, u["name"], year)
        sid = units.insert_submission(con, year, u["id"], u["class_code"], text, "protocol_received")
        out.append({**u, "submission_id": sid})
    return out


def _submission_text(rng: random.Random, name: str, year: int) -> str:
    parts = [
        f"{name} beskriver här sitt kvalitetsarbete inför kvalitetsutmärkelsen {year}.",
        "Vi samlar synpunkter genom brukarråd, enkäter och samtal i vardagen, och vi återkopplar vad de ledde till.",
        "Förbättringsarbetet följer en gemensam modell: idé, prövning, uppföljning och spridning.",
        "Ledningen har infört avvikelseträffar där misstag diskuteras öppet och leder till lärande.",
        "Medarbetarna driver egna utvecklingsgrupper och delar erfarenheter med andra enheter.",
        "Vi följer upp våra mål varje kvartal och redovisar resultaten över de senaste tre åren.",
    ]
    rng.shuffle(parts[1:])
    return "\n\n".join(parts)


def _staff_and_score(con, rng, subs, teams, quality, severity, history: bool) -> None:
    """Staff every submission with a team (never from the unit's own organisation: jäv) and score it."""
    load = [0] * len(teams)
    rows: dict[str, list[dict]] = {"assignment": [], "assessment": [], "score": []}
    for sub in subs:
        options = [t for t in range(len(teams)) if all(org != sub["organisation_id"] for _, org in teams[t])]
        t = min(options, key=lambda k: (load[k], k))
        load[t] += 1
        for position, (name, _) in enumerate(_members(teams, t, load[t] - 1, sub["organisation_id"])):
            sid = sub["submission_id"]
            state = "submitted" if history else _demo_state(load[t] - 1, position)
            rows["assignment"].append({"submission_id": sid, "examiner": name, "is_lead": position == 0})
            rows["assessment"].append({"submission_id": sid, "examiner": name, "status": state,
                                       "version": 0 if state == "not_started" else 1})
            if state != "not_started":
                # Each team's fifth submission has one examiner far apart on criterion 3, so the
                # consensus page shows a real disagreement to resolve.
                push = 40 if not history and (load[t] - 1) % 8 == 4 and position == 2 else 0
                rows["score"] += _scores(rng, sid, name, quality[sub["id"]] + severity[name], state, push)
    for table, table_rows in rows.items():
        insert_frame(con, table, pl.DataFrame(table_rows))
    assessments.stamp_loaded_states(con)


def _members(teams, t: int, i: int, unit_org: int) -> list[tuple[str, int]]:
    """Team t for its i-th submission. Every third one has a guest from the next team in the third seat,
    so the examiners form one connected graph and the committee's calibration can compare them all."""
    members = list(teams[t])
    guest = teams[(t + 1) % len(teams)][2]
    if i % 3 == 2 and guest[1] != unit_org:
        members[2] = guest
    return members


def _demo_state(i: int, position: int) -> str:
    """The i-th submission of a team: every team sees all submitted, partly submitted, drafts, not started."""
    pattern = [("submitted",) * 3, ("submitted", "submitted", "draft"), ("draft", "submitted", "not_started"),
               ("not_started",) * 3]
    return pattern[i % len(pattern)][position]


def _scores(rng: random.Random, submission_id: int, examiner: str, level: float, state: str,
            push: int = 0) -> list[dict]:
    criteria_to_fill = range(1, 6) if state == "submitted" else range(1, rng.randint(2, 4))
    return [{"submission_id": submission_id, "examiner": examiner, "criterion": c,
             "score": int(min(100, max(0, round((level + rng.gauss(0, 8) + (push if c == 3 else 0)) / 10) * 10))),
             "strengths": rng.choice(STRENGTHS), "improvements": rng.choice(IMPROVEMENTS)}
            for c in criteria_to_fill]


# -- consensus and site visits (issue 4) ----------------------------------------------------------

CONSENSUS_NOTE = ("Teamet var överens efter diskussion om exemplen i bidraget. "
                  "Se bilaga för jämförelse med föregående år & <tidigare> mål.")
VISIT_REASONS = [
    "Vid besöket visade enheten uppföljningar över fem år som inte fanns med i bidraget.",
    "Medarbetarna beskrev arbetssättet mindre enhetligt än bidraget; det används inte i hela verksamheten.",
    "Brukarrådets protokoll visade tydligt hur synpunkter lett till förändringar.",
]


def _consensus_and_visits(con) -> None:
    """2022: every consensus done and a few site visits, some adjusting a score. 2026: the team led by
    examinator1 has one consensus done and one in draft, examinator4's team one done, and the kansli
    has opened consensus early for one of examinator7's incomplete teams. Assessment states are untouched."""
    from scoring.store import consensus as consensus_store

    rng = random.Random(4)  # its own stream: the rest of the demo does not shift when this changes
    history = consensus_store.overview_for_cycle(con, HISTORY_YEAR)
    for row in history.iter_rows(named=True):
        _agree(con, rng, HISTORY_YEAR, row["submission_id"], row["lead"], done=True)
    _demo_site_visits(con, rng)
    for lead, plan in (("examinator1", (True, False)), ("examinator4", (True,))):
        mine = consensus_store.overview_for_examiner(con, lead, CURRENT_YEAR)
        complete = mine.filter((pl.col("submitted") == pl.col("members")) & pl.col("is_lead")).sort("submission_id")
        for sid, done in zip(complete["submission_id"], plan):
            _agree(con, rng, CURRENT_YEAR, sid, lead, done=done)
    seventh = consensus_store.overview_for_examiner(con, "examinator7", CURRENT_YEAR)
    almost = seventh.filter(pl.col("submitted") == pl.col("members") - 1).sort("submission_id")
    if not almost.is_empty():
        sid = almost["submission_id"][0]
        consensus_store.set_opened_by_admin(con, sid, True)
        audit.record(con, "admin", "open_consensus", "submission", sid, old={"consensus_opened_by_admin": False},
                     new={"consensus_opened_by_admin": True, "reason": "En examinator är sjukskriven (demo)."})


def _agree(con, rng: random.Random, year: int, submission_id: int, lead: str, done: bool) -> None:
    """A consensus near the team's mean, its texts taken from the members'; a draft fills two criteria."""
    from scoring.assessment.consensus import prefill
    from scoring.store import consensus as consensus_store
    from scoring.store import results as results_store

    finals = results_store.final_scores(con, year).filter(pl.col("submission_id") == submission_id)
    texts = {r["criterion"]: r for r in results_store.team_texts(con, year)
             .filter(pl.col("submission_id") == submission_id).iter_rows(named=True)}
    for r in finals.iter_rows(named=True):
        if not done and r["criterion"] > 2:
            break
        score = min(100, max(0, int(round(r["score"] / 10) * 10) + rng.choice((-10, 0, 0, 0, 10))))
        strengths = prefill(texts[r["criterion"]]["strengths"])
        improvements = prefill(texts[r["criterion"]]["improvements"])
        if r["criterion"] == 5 and done:
            improvements += "\n\n" + CONSENSUS_NOTE
        consensus_store.upsert_score(con, submission_id, r["criterion"], score, strengths, improvements)
    consensus_store.bump_version(con, submission_id, 0, "done" if done else "open", lead)
    audit.record(con, lead, "done" if done else "save_draft", "consensus", submission_id, new={"demo": True})


def _demo_site_visits(con, rng: random.Random) -> None:
    """2022: the best unit of each class by consensus total gets a visit; every other one adjusts a score."""
    import datetime as dt

    from scoring.store import results as results_store
    from scoring.store import site_visits as visit_store

    finals = results_store.final_scores(con, HISTORY_YEAR)
    best = (finals.group_by("submission_id", "class_code").agg(total=pl.col("score").mean())
            .sort(["class_code", "total", "submission_id"], descending=[False, True, False])
            .group_by("class_code", maintain_order=True).first().sort("class_code"))
    leads = results_store.submissions(con, HISTORY_YEAR).select("submission_id", "lead")
    for i, row in enumerate(best.join(leads, on="submission_id").iter_rows(named=True)):
        sid = row["submission_id"]
        visit_store.select(con, sid, "kommitte1")
        visit_store.record(con, sid, dt.date(2022, 10, 3 + 2 * i), f"Kommittéledamot 1, {row['lead'].replace('examinator', 'Examinator ')}",
                           "Besöket bekräftade bilden från bidraget. Samtal med chef, medarbetare och brukarråd.")
        if i % 2 == 0:
            criterion = 1 + rng.randrange(5)
            current = finals.filter((pl.col("submission_id") == sid) & (pl.col("criterion") == criterion))["score"][0]
            adjusted = int(current) + 10 if current < 100 else 90
            visit_store.set_score(con, sid, criterion, adjusted, VISIT_REASONS[i % len(VISIT_REASONS)])
        audit.record(con, "kommitte1", "select", "site_visit", sid, new={"selected": True, "demo": True})


# ---------------------------------------------------------------- registration and board approval (2026)
# Deterministic without the random generator, so the assessment data above stays exactly as it was.
MISSED_TARGET_ORG = 8          # Socialförvaltningen: a target of 7, as the social services board had in 2012
UNAPPROVED_ORGS = (1, 4, 11)   # Farsta, Rinkeby-Kista, Trafikkontoret: their last registration has no decision
NO_PROTOCOL_ORGS = (6,)        # Södermalm: decided, minutes not yet sent to the city
INELIGIBLE_UNIT = "E010"
OVERRIDE_REASON = ("Enheten har fyra medarbetare efter att en tjänst flyttats till förvaltningens centrala "
                   "stab i mars. Nämnden har ändå beslutat om deltagande och verksamheten är oförändrad; "
                   "kansliet godkänner anmälan.")


def _registration_demo(con, current: list[dict], org_ids: list[int]) -> None:
    """Targets, board decisions (one naming several units), missing approvals and one admitted exception."""
    import datetime as dt

    from scoring.store import registration as reg
    by_org: dict[int, list[dict]] = {}
    for sub in sorted(current, key=lambda s: s["id"]):
        by_org.setdefault(sub["organisation_id"], []).append(sub)
    for i, org in enumerate(org_ids):
        count = len(by_org.get(org, []))
        if i == MISSED_TARGET_ORG:
            reg.set_target(con, CURRENT_YEAR, org, 7)
        elif i in DISTRICTS and count:
            reg.set_target(con, CURRENT_YEAR, org, max(1, count - count // 4))
    for i, org in enumerate(org_ids):
        subs = by_org.get(org, [])
        pending = subs[-1:] if i in UNAPPROVED_ORGS else []
        if subs:
            reg.set_registered_on(con, [s["submission_id"] for s in subs],
                                  dt.date(CURRENT_YEAR, 3, 2) + dt.timedelta(days=3 * i))
        approved = [s for s in subs if s not in pending]
        if pending:
            reg.set_status(con, [s["submission_id"] for s in pending], "registered")
        if not approved:
            continue
        decided = dt.date(CURRENT_YEAR, 4, 14) + dt.timedelta(days=4 * i)
        received = None if i in NO_PROTOCOL_ORGS else decided + dt.timedelta(days=9)
        ref = f"Protokoll {decided:%Y-%m-%d}, § {12 + i}"
        decision = reg.insert_board_decision(con, CURRENT_YEAR, org, decided, ref, received)
        reg.approve(con, [s["submission_id"] for s in approved], decision,
                    "protocol_received" if received else "board_decided")
    exception = next(s for s in current if s["id"] == INELIGIBLE_UNIT)
    reg.upsert_unit(con, {**reg.unit(con, INELIGIBLE_UNIT), "employees": 4})
    reg.set_override(con, exception["submission_id"], OVERRIDE_REASON)


# ---------------------------------------------------------------- submission PDFs and a declared jäv (issue 3 B)
MISSING_PDF_EVERY = 7           # every 7th submission of 2026 has no PDF yet, so the kansli's list shows gaps


def _documents_demo(con, current: list[dict]) -> None:
    """A small PDF per 2026 submission (byte-identical on every build), and one jäv declared in advance."""
    import hashlib

    from scoring.store import documents as document_store
    from scoring.store import teams as team_store

    texts = units.submission_texts(con, CURRENT_YEAR)
    for i, sub in enumerate(sorted(current, key=lambda s: s["submission_id"])):
        if i % MISSING_PDF_EVERY == MISSING_PDF_EVERY - 1:
            continue
        data = _demo_pdf(sub["name"], texts[sub["submission_id"]])
        document_store.upsert(con, sub["submission_id"], f"{sub['id']}_tavlingsbidrag.pdf", len(data),
                              hashlib.sha256(data).hexdigest(), data, "admin")
    first = sorted(current, key=lambda s: s["submission_id"])[0]
    places = team_store.assignments(con, CURRENT_YEAR)
    assigned = set(places.filter(places["submission_id"] == first["submission_id"])["examiner"])
    outsider = next(f"examinator{i}" for i in range(EXAMINERS, 0, -1) if f"examinator{i}" not in assigned)
    reason = "Min syster är biträdande förskolechef på enheten (demo)."
    team_store.insert_conflict(con, outsider, first["id"], reason)
    audit.record(con, outsider, "declare_conflict", "conflict_declaration", f"{outsider}/{first['id']}",
                 new={"reason": reason, "submission_id": first["submission_id"], "examiner": outsider,
                      "removed": False, "replacement": None, "lead": None, "unstaffed": None})


def _demo_pdf(unit_name: str, text: str) -> bytes:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(f"Tävlingsbidrag – {unit_name}")
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(60, 780, f"Tävlingsbidrag {CURRENT_YEAR}: {unit_name}")
    pdf.setFont("Helvetica", 11)
    y = 740
    for paragraph in text.split("\n\n"):
        for line in _wrap(paragraph, 88):
            pdf.drawString(60, y, line)
            y -= 16
        y -= 10
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(paragraph: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


# ---------------------------------------------------------------- committee decisions (issue 5)
# 2022 is decided and signed: a winner in most classes, one class without a winner, one honourable
# mention. 2026 stays undecided. Deterministic without the random generator.
NO_WINNER_CLASS_2022 = "socialtjanst_lss"
HONOURABLE_CLASS_2022 = "aldreomsorg"
DECISION_SIGNED_2022 = (2022, 11, 2, 14, 30)
TARGETS_2022 = {8: 7, 0: 5, 9: 2, 10: 1}   # ORGANISATIONS index -> target: the 2012 social services board had 7
NO_WINNER_MOTIVATION = ("Kommittén bedömer att ingen enhet i klassen i år når nivån för utmärkelsen. "
                        "Flera bidrag visar ett lovande förbättringsarbete, men resultaten är ännu inte "
                        "uppföljda över tid.")


def _winner_motivation(unit_name: str) -> str:
    return (f"{unit_name} visar ett systematiskt och uthålligt kvalitetsarbete där brukarnas synpunkter, "
            "medarbetarnas idéer och en öppen ledning hänger ihop. Resultaten följs upp över flera år "
            "och leder till förbättringar som märks i vardagen.")


def _committee_decisions_demo(con, org_ids: list[int]) -> None:
    import datetime as dt

    from scoring.store import decisions as decision_store
    from scoring.store import ranking as ranking_store
    from scoring.store import registration as reg

    for index, target in TARGETS_2022.items():
        reg.set_target(con, HISTORY_YEAR, org_ids[index], target)
    totals = (ranking_store.totals(con, [HISTORY_YEAR]).drop_nulls("total")
              .join(ranking_store.units(con, HISTORY_YEAR).select("submission_id", "unit_name"), on="submission_id")
              .sort(["class_code", "total", "unit_name"], descending=[False, True, False]))
    classes = decision_store.class_decisions(con, HISTORY_YEAR)
    for klass in classes.iter_rows(named=True):
        code = klass["class_code"]
        ranked = totals.filter(pl.col("class_code") == code).to_dicts()
        rows, motivation = [], NO_WINNER_MOTIVATION
        if code != NO_WINNER_CLASS_2022 and ranked:
            motivation = _winner_motivation(ranked[0]["unit_name"])
            rows.append({"submission_id": ranked[0]["submission_id"], "kind": "winner", "motivation": motivation,
                         "prize_amount": klass["class_prize"]})
            if code == HONOURABLE_CLASS_2022 and len(ranked) > 1:
                rows.append({"submission_id": ranked[1]["submission_id"], "kind": "honourable", "prize_amount": None,
                             "motivation": f"Hedersomnämnande till {ranked[1]['unit_name']} för ett föredömligt "
                                           "arbete med brukarråd och återkoppling till stockholmarna."})
        decision_store.upsert_class_decision(con, HISTORY_YEAR, code, motivation, not rows, "stadsdirektor")
        decision_store.replace_awards(con, HISTORY_YEAR, code, rows)
        audit.record(con, "kommitte1", "record_proposal", "class_decision", f"{HISTORY_YEAR}/{code}",
                     new={"awards": rows, "demo": True})
    frozen = {r["submission_id"]: r["total"] for r in totals.iter_rows(named=True)}
    awarded = decision_store.awards(con, HISTORY_YEAR)["submission_id"].to_list()
    decision_store.freeze_totals(con, HISTORY_YEAR, {sid: frozen[sid] for sid in awarded})
    decision_store.freeze_rows(con, HISTORY_YEAR)
    decision_store.set_signature(con, HISTORY_YEAR, "signed", "stadsdirektor", dt.datetime(*DECISION_SIGNED_2022))
    audit.record(con, "stadsdirektor", "sign", "decision", HISTORY_YEAR, new={"status": "signed", "demo": True})


# The examiners' practice case (issue 18): a fictional förskola, its reference locked by the kansli, and most
# examiners' attempts (each examiner's own severity shows in their deviations). Written through scoring.assessment.practice.
PRACTICE_TITLE = "Övningsfall: Förskolan Stjärnfallet (fiktiv)"
PRACTICE_TEXT = (
    "Förskolan Stjärnfallet är en fiktiv förskola med fem avdelningar, 92 barn och 21 medarbetare. Bidraget är "
    "skrivet för examinatorernas övning och liknar ett verkligt tävlingsbidrag.\n\n"
    "Vi mäter vårdnadshavarnas nöjdhet två gånger om året och har sedan 2023 ett föräldraråd som träffas varje "
    "månad. Synpunkterna sammanställs av förskolechefen, men vi har ännu inte återkopplat till föräldrarna vad "
    "de ledde till.\n\n"
    "Ledningen har en tydlig vision om lärande genom lek. Arbetslagen planerar tillsammans varje vecka, men "
    "uppföljningen av målen sker bara på en av fem avdelningar.\n\n"
    "Medarbetarna har fått fortbildning i språkutveckling; sjukfrånvaron har sjunkit från 9 till 6 procent på "
    "tre år. Vi saknar jämförelser med andra förskolor i stadsdelen.\n\n"
    "Resultaten i barnens språkutveckling har förbättrats, men vi redovisar dem utan trender och utan mål.")
PRACTICE_REFERENCE = {
    1: (60, "Föräldrarådet och de regelbundna mätningarna är styrkor; återkopplingen saknas, därför inte högre."),
    2: (50, "Visionen är tydlig men uppföljningen av målen finns bara på en avdelning: ett gott försök."),
    3: (60, "Fortbildningen och den sjunkande sjukfrånvaron visar ett systematiskt arbete med medarbetarna."),
    4: (40, "Förbättringar beskrivs men följs inte upp och jämförelser med andra saknas."),
    5: (40, "Resultaten redovisas utan trender och utan mål, så de kan inte bedömas som goda över tid."),
}
PRACTICE_DONE = (2, 3, 4, 6, 7, 8, 9, 11, 12, 14)   # examinator1, 5, 13 and 15 have not started; 10 has a draft
PRACTICE_LENIENT = 8                                 # scores 30 above the reference: flagged, asked to re-score


def _practice_demo(db: Store, rng: random.Random) -> None:
    from scoring.assessment import practice
    from scoring.platform.access import User

    admin = User("admin", "Kansliet (demo)", "admin")
    practice.prepare(db, admin, CURRENT_YEAR, PRACTICE_TITLE, PRACTICE_TEXT,
                     ("ovningsfall_stjarnfallet.pdf", _demo_pdf(PRACTICE_TITLE, PRACTICE_TEXT)))
    practice.set_reference(db, admin, CURRENT_YEAR,
                           {n: {"score": s, "rationale": r} for n, (s, r) in PRACTICE_REFERENCE.items()})
    practice.lock(db, admin, CURRENT_YEAR)
    for i in (*PRACTICE_DONE, 10):
        examiner = User(f"examinator{i}", f"Examinator {i}", "lead" if (i - 1) % TEAM_SIZE == 0 else "examiner")
        shift = 30 if i == PRACTICE_LENIENT else rng.choice((-10, 0, 0, 10))
        raw = {n: {"score": max(0, min(100, s + shift + rng.choice((-10, 0, 0, 10)))),
                   "strengths": STRENGTHS[n % len(STRENGTHS)], "improvements": IMPROVEMENTS[n % len(IMPROVEMENTS)]}
               for n, (s, _) in PRACTICE_REFERENCE.items()}
        save = practice.submit if i in PRACTICE_DONE else practice.save_draft
        save(db, examiner, CURRENT_YEAR, raw, 0)
    practice.request_rescore(db, admin, CURRENT_YEAR, f"examinator{PRACTICE_LENIENT}")
