"""A deterministic, fictional demo: the 2026 cycle mid-assessment, and a closed 2022 cycle.

Every unit, person and text here is invented. The same seed always gives the
same database, so screenshots and tests can rely on it. Demo accounts exist
only in a database built here (is_demo = true), all with the password `demo`.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import criteria
from scoring import rulebook
from scoring.auth import hash_password
from scoring.store import Store, accounts, assessments, audit, units

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
    path = Path(path)
    if path.exists():
        if not force:
            raise FileExistsError(f"Databasen {path} finns redan. Använd --force för att skriva över den.")
        path.unlink()
        Path(f"{path}.wal").unlink(missing_ok=True)
    db = Store(path)
    try:
        rng = random.Random(seed)
        summary = db.write(lambda con: _populate(con, rng))
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
        accounts.insert_examiner(con, name, 2018 + i % 8, 10, rng.sample(class_codes, 2))
        examiners.append((name, org))
    for i in range(1, 4):
        accounts.insert(con, f"kommitte{i}", f"Kommittéledamot {i}", "committee", hashed, org_ids[i], is_demo=True)
    accounts.insert(con, "stadsdirektor", "Stadsdirektören (demo)", "chair", hashed, is_demo=True)
    return examiners


# Which organisations run units of each class (indexes into ORGANISATIONS): districts run most
# local services; the specialist förvaltningar and the companies run the rest.
DISTRICTS = list(range(8))
OWNERS = {"forskola": DISTRICTS, "skola": DISTRICTS + [9], "aldreomsorg": DISTRICTS + [10],
          "socialtjanst_lss": DISTRICTS + [8], "andra": [11, 12, 13, 8, 0, 3]}


def _units(con, rng: random.Random, org_ids: list[int]) -> list[dict]:
    rows, places = [], iter(rng.sample(PLACES * 3, len(PLACES) * 3))
    for code, kinds in UNIT_KINDS.items():
        for j in range(9):
            owners = OWNERS[code]
            row = {"id": f"E{len(rows) + 1:03d}", "name": f"{next(places)}s {kinds[j % len(kinds)]}",
                   "organisation_id": org_ids[owners[(len(rows) * 7 + j) % len(owners)]],
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
    load = [0] * len(teams)
    for sub in subs:
        options = [t for t in range(len(teams)) if all(org != sub["organisation_id"] for _, org in teams[t])]
        t = min(options, key=lambda k: (load[k], k))  # no jäv: never a team member from the unit's organisation
        load[t] += 1
        for position, (name, _) in enumerate(teams[t]):
            assessments.assign(con, sub["submission_id"], name, is_lead=position == 0)
            state = "submitted" if history else _demo_state(load[t] - 1, position)
            if state != "not_started":
                _score(con, rng, sub["submission_id"], name, quality[sub["id"]] + severity[name], state)


def _demo_state(i: int, position: int) -> str:
    """The i-th submission of a team: every team sees all submitted, partly submitted, drafts, not started."""
    pattern = [("submitted",) * 3, ("submitted", "submitted", "draft"), ("draft", "submitted", "not_started"),
               ("not_started",) * 3]
    return pattern[i % len(pattern)][position]


def _score(con, rng: random.Random, submission_id: int, examiner: str, level: float, state: str) -> None:
    criteria_to_fill = range(1, 6) if state == "submitted" else range(1, rng.randint(2, 4))
    for c in criteria_to_fill:
        value = int(min(100, max(0, round((level + rng.gauss(0, 8)) / 10) * 10)))
        assessments.upsert_score(con, submission_id, examiner, c, value,
                                 rng.choice(STRENGTHS), rng.choice(IMPROVEMENTS))
    assessments.set_state(con, submission_id, examiner, state)
