"""The `kvalitet` command line. Each subcommand calls one domain function."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager

from scoring.platform import settings

Handler = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]
Registry = dict[str, tuple[str, Configure, Handler]]


def _registrar(table: Registry):
    """A decorator factory that records (help, configure, handler) under a name in `table`."""
    def decorator(name: str, help_text: str, configure: Configure = lambda p: None):
        def register(handler: Handler) -> Handler:
            table[name] = (help_text, configure, handler)
            return handler
        return register
    return decorator


COMMANDS: Registry = {}
command = _registrar(COMMANDS)   # @command(name, help, configure): `configure` adds its arguments, the function runs it


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="databasfil (standard: $KVALITET_DB eller data/kvalitet.duckdb)")


def _db(args: argparse.Namespace) -> str:
    return str(getattr(args, "db", None) or settings.db_path())


@contextmanager
def _store(args: argparse.Namespace):
    """The database of --db (or the configured one), closed when the command is done with it."""
    from scoring.store import Store
    db = Store(_db(args))
    try:
        yield db
    finally:
        db.close()


def _demo_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--force", action="store_true", help="skriv över en befintlig fil")
    p.add_argument("--scale", type=int, default=1,
                   help="N gånger Stockholms storlek: 250·N bidrag, 40·N examinatorer och tio års historik "
                        "(1 = den lilla demon)")


@command("demo", "bygg demodatabasen (påhittade enheter och konton med lösenordet 'demo')", _demo_args)
def _demo(args: argparse.Namespace) -> int:
    from scoring import demo
    if args.scale != 1:
        from scoring.bench import generator as scale
        big = scale.build(_db(args), scale=args.scale, seed=args.seed, force=args.force)
        print(f"Skaldatabas (skala {big.scale}) skapad: {big.path} ({big.units} enheter, {big.submissions} "
              f"bidrag i {big.cycles} omgångar, {big.examiners} examinatorer, {big.scores} poäng).")
        return 0
    summary = demo.build(_db(args), seed=args.seed, force=args.force)
    print(f"Demodatabas skapad: {summary.path} ({summary.units} enheter, "
          f"{summary.submissions} bidrag, {summary.examiners} examinatorer).")
    return 0


def _bench_args(p: argparse.ArgumentParser) -> None:
    from scoring.bench import run as bench
    bench.configure(p)


@command("bench", "mät sidor, sparande, rangordning och exporter i skaldatabasen mot deras golv och budgetar "
                  "(avslutar med 1 om en budget inte hålls)", _bench_args)
def _bench(args: argparse.Namespace) -> int:
    from scoring.bench import run as bench
    return bench.main(args)


def _init_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("--username", default="admin")


@command("init", "skapa en tom databas och den första administratören "
                 "(lösenord från $KVALITET_ADMIN_PASSWORD eller frågas efter)", _init_args)
def _init(args: argparse.Namespace) -> int:
    from scoring.platform import auth
    from scoring.store import accounts
    with _store(args) as db:
        with db.read() as con:
            if accounts.count_admins(con):
                print("Databasen har redan en administratör; inget ändrat.", file=sys.stderr)
                return 1
        password = os.environ.get("KVALITET_ADMIN_PASSWORD") or getpass.getpass("Lösenord för administratören: ")
        auth.add_user(db, "init", args.username, "Administratör", "admin", password)
    print(f"Administratören '{args.username}' är skapad i {db.path}.")
    return 0


def _add_user_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("username")
    p.add_argument("--role", required=True, help="admin, examiner, lead, committee eller chair")
    p.add_argument("--name", default="", help="visningsnamn")
    p.add_argument("--organisation-id", type=int, default=None)


@command("add-user", "skapa ett konto (lösenord från $KVALITET_PASSWORD eller frågas efter)", _add_user_args)
def _add_user(args: argparse.Namespace) -> int:
    from scoring.platform import auth
    password = os.environ.get("KVALITET_PASSWORD") or getpass.getpass("Lösenord: ")
    with _store(args) as db:
        auth.add_user(db, "cli", args.username, args.name, args.role, password, args.organisation_id)
    print(f"Kontot '{args.username}' är skapat.")
    return 0


# -- export: one subcommand, one target per kind of document ------------------------------------
# `kvalitet export <target> --cycle YEAR --out DIR [--db FILE]`. Add a target with @export_target;
# its `configure` may add arguments of its own (e.g. --draft).
EXPORT_TARGETS: Registry = {}
export_target = _registrar(EXPORT_TARGETS)


def _export_args(p: argparse.ArgumentParser) -> None:
    targets = p.add_subparsers(dest="target", required=True)
    for name, (help_text, configure, handler) in EXPORT_TARGETS.items():
        t = targets.add_parser(name, help=help_text)
        _db_arg(t)
        t.add_argument("--cycle", type=int, required=True, help="omgångens år, t.ex. 2026")
        t.add_argument("--out", required=True, help="mapp som filerna skrivs till (skapas vid behov)")
        configure(t)
        t.set_defaults(export_handler=handler)


@command("export", "skriv ut dokument för en omgång till en mapp", _export_args)
def _export(args: argparse.Namespace) -> int:
    return args.export_handler(args)


def cli_actor():
    """The command line acts as the kansli: whoever runs it can already read the database file."""
    from scoring.platform.access import User
    return User("cli", "Kommandoraden", "admin")


def _feedback_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                   help="antal processer som bygger PDF:erna parallellt")


@export_target("feedback", "återföringsrapporter: en PDF per enhet i omgången", _feedback_args)
def _export_feedback(args: argparse.Namespace) -> int:
    from pathlib import Path

    from scoring.ceremony import feedback
    with _store(args) as db:
        written = feedback.export_folder(db, cli_actor(), args.cycle, Path(args.out), args.workers)
    print(f"{len(written)} återföringsrapporter för {args.cycle} skrivna till {args.out}.")
    return 0


def _ceremony_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--draft", action="store_true",
                   help="skapa utkast (märkta UTKAST) även om besluten inte är signerade")


@export_target("ceremony", "prisutdelningen: vinnarlista, diplom och program (PDF) samt resultaten som "
                           "Excel och CSV (zip)", _ceremony_args)
def _export_ceremony(args: argparse.Namespace) -> int:
    from pathlib import Path

    from scoring.ceremony import winners as ceremony
    from scoring.reports import UnsignedDecisionError
    with _store(args) as db:
        try:
            written = ceremony.export_folder(db, cli_actor(), args.cycle, Path(args.out), draft=args.draft)
        except UnsignedDecisionError as exc:
            print(f"Fel: {exc} Lägg till --draft för att skapa utkasten.", file=sys.stderr)
            return 2
    for path in written:
        print(path)
    if not any(path.name.startswith("diplom") for path in written):
        print(f"Obs: {ceremony.NO_DIPLOMAS.format(year=args.cycle)} Ingen diplomfil skrevs.")
    kind = "utkast till prisutdelningen" if args.draft else "filer för prisutdelningen"
    print(f"{len(written)} {kind} {args.cycle} skrivna till {args.out}.")
    return 0


# -- imports of units and examiners (all or nothing) ----------------------------------------------


def _import_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("file", metavar="FIL", help="CSV (; eller , UTF-8 eller Windows-1252) eller Excel (.xlsx)")
    p.add_argument("--cycle", type=int, default=None,
                   help="omgången som klasserna gäller och enheterna anmäls till (standard: den senaste)")


def _run_import(args: argparse.Namespace, kind: str) -> int:
    from pathlib import Path

    from scoring import rulebook
    from scoring.cycle import import_apply as unit_import
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"Fel: filen {path} kunde inte läsas ({exc.strerror}).", file=sys.stderr)
        return 2
    with _store(args) as db:
        year = args.cycle if args.cycle is not None else rulebook.current_year(db)
        run = unit_import.import_units if kind == "units" else unit_import.import_examiners
        plan = run(db, cli_actor(), data, path.name, year)
    for notice in plan.notices:
        print(f"Obs: {notice}")
    if not plan.ok:
        print(f"Inget har lästs in: {path.name} har {len(plan.errors)} fel.", file=sys.stderr)
        for error in plan.errors:
            print(f"  {error}", file=sys.stderr)
        return 2
    print(f"{path.name}: inläst {unit_import.summary(plan)}.")
    if plan.registered:
        print(f"{unit_import.registered_summary(plan)}.")
    if kind == "examiners" and plan.created:
        print("De nya examinatorerna kan logga in först när de fått ett lösenord: i appen under Kansli → Konton, "
              "eller med kvalitet set-password NAMN när appen är stoppad.")
    return 0


@command("import-units", "läs in enheter (och anmäl dem om filen har tävlingsklass) från CSV eller Excel",
         _import_args)
def _import_units(args: argparse.Namespace) -> int:
    return _run_import(args, "units")


@command("import-examiners", "läs in examinatorer till examinatorsregistret från CSV eller Excel", _import_args)
def _import_examiners(args: argparse.Namespace) -> int:
    return _run_import(args, "examiners")


def _set_password_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("username")


@command("set-password", "sätt lösenord för ett konto, t.ex. en inläst examinator "
                         "(lösenord från $KVALITET_PASSWORD eller frågas efter)", _set_password_args)
def _set_password(args: argparse.Namespace) -> int:
    from scoring.platform import auth
    password = os.environ.get("KVALITET_PASSWORD") or getpass.getpass("Nytt lösenord: ")
    with _store(args) as db:
        auth.set_password(db, cli_actor(), args.username, password)
    print(f"Lösenordet för '{args.username}' är satt.")
    return 0


def _new_cycle_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("year", type=int, help="den nya omgångens år, t.ex. 2027")
    p.add_argument("--from", dest="source", metavar="FIL",
                   help="regelfil (TOML) att skapa omgången från, t.ex. criteria/2026.toml (standard: kopia av "
                        "den senaste omgången, eller den nyaste regelfilen i criteria/ i en tom databas)")


@command("new-cycle", "skapa en ny omgång i fasen anmälan, från en regelfil eller som kopia av förra omgången",
         _new_cycle_args)
def _new_cycle(args: argparse.Namespace) -> int:
    from scoring.cycle import setup as cycle_setup
    with _store(args) as db:
        year, source = cycle_setup.new_cycle(db, cli_actor(), args.year, args.source)
    print(f"Omgången {year} är skapad från {source} och är i fasen anmälan. "
          "Kontrollera datum, klasser och kriterier under Kansli → Omgång.")
    return 0


# -- backup and restore (issue 7) --------------------------------------------------------------
def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", help="ny eller tom mapp som säkerhetskopian skrivs till")
    _db_arg(p)


@command("backup", "säkerhetskopiera hela databasen till en mapp (DuckDB EXPORT DATABASE, Parquet). "
                   "Appen måste vara stoppad; medan den kör, ladda ner kopian under Kansli → Säkerhetskopia",
         _backup_args)
def _backup(args: argparse.Namespace) -> int:
    from scoring.platform import backup
    with _store(args) as db:
        summary = backup.export_to(db, args.dir, "cli")
    signed = ", manifestet signerat med KVALITET_BACKUP_KEY" if summary.signed else ""
    print(f"Säkerhetskopia skriven till {summary.path}: {summary.tables} tabeller, {summary.rows} rader, "
          f"schemaversion {summary.schema_version}, SHA-256 för varje fil{signed}.")
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="mapp från `kvalitet backup` eller zip-fil nerladdad från appen")
    p.add_argument("--db", required=True, help="NY databasfil att återställa till (skrivs aldrig över)")


@command("restore", "återställ en säkerhetskopia till en ny databasfil: kontrollerar manifestets SHA-256 (och "
                    "signatur med KVALITET_BACKUP_KEY), skapar schemat från programmets egna migreringar och "
                    "läser in Parquet-filerna; kör aldrig SQL ur säkerhetskopian", _restore_args)
def _restore(args: argparse.Namespace) -> int:
    from scoring.platform import backup
    summary = backup.restore(args.source, args.db, "cli")
    signature = ("signaturen stämmer" if summary.signed
                 else "ingen signatur kontrollerad (KVALITET_BACKUP_KEY är inte satt)")
    print(f"Återställd till {summary.path}: {summary.tables} tabeller, {summary.rows} rader. "
          f"Kontrollsummorna för alla {summary.files} filer stämmer; {signature}. "
          f"Starta appen med KVALITET_DB={summary.path}.")
    return 0


def _send_mail_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("--loop", action="store_true", help="fortsätt och skicka det som står i tur var --interval sekund")
    p.add_argument("--interval", type=int, default=60)


@command("send-mail", "skicka utskickskön via SMTP ($KVALITET_SMTP_URL, $KVALITET_MAIL_FROM); varje meddelande "
                      "högst en gång", _send_mail_args)
def _send_mail(args: argparse.Namespace) -> int:
    import time
    from scoring.platform import mail
    config = mail.config_from_env()
    with _store(args) as db:
        while True:
            report = mail.deliver(db, config)
            print(mail.describe(report), flush=True)
            if not args.loop:
                return 0 if not report.errors else 1
            time.sleep(max(args.interval, 1))


def _remind_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)


@command("remind", "lägg påminnelser i utskickskön till examinatorer med bedömningar kvar, N dagar före "
                   "bedömningens sista dag (omgångens påminnelsedagar, standard 7 och 2); en gång per dag",
         _remind_args)
def _remind(args: argparse.Namespace) -> int:
    from scoring.platform import outbox
    with _store(args) as db:
        queued = outbox.remind_all(db, "cli")
    print(f"{queued} påminnelser lagda i utskickskön.")
    return 0


def _sign_on_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("--passwords", choices=("on", "off"),
                   help="tillåt eller stäng av inloggning med lösenord (off: bara stadens inloggning)")
    p.add_argument("--email", nargs=2, metavar=("KONTO", "ADRESS"),
                   help="e-postadressen som stadens inloggning matchas mot, för konton utan examinatorns "
                        "e-post (kansliet, kommittén); tom adress tar bort den")


@command("sign-on", "stadens inloggning (OIDC): lösenord av eller på, e-post att matcha för ett konto",
         _sign_on_args)
def _sign_on(args: argparse.Namespace) -> int:
    from scoring.platform import sign_on
    with _store(args) as db:
        if args.email:
            sign_on.set_email(db, cli_actor(), args.email[0], args.email[1])
            print(f"Kontot '{args.email[0]}' matchas mot {args.email[1] or 'examinatorns e-post'}.")
        if args.passwords:
            sign_on.set_passwords_enabled(db, cli_actor(), args.passwords == "on")
        print("Inloggning med lösenord är " + ("på." if sign_on.passwords_enabled(db) else
                                                "avstängd: bara stadens inloggning ([auth] i secrets.toml)."))
    return 0


def _analyse_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("scores", help="poängfil (.csv, .xlsx, .parquet) eller en omgångs resultatarkiv (.zip, .xlsx)")
    p.add_argument("--out", required=True, help="resultatfil (.csv, eller .parquet)")
    p.add_argument("--draws", type=int, default=None, help="antal dragningar (standard 4 000; fler om slumpfelet i P(bäst) överstiger 0,01)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--earlier", action="append", default=[], metavar="FIL",
                   help="en tidigare omgångs poängfil eller resultatarkiv (kan upprepas): spridningen mellan "
                        "enheter och examinatorer vägs samman med de omgångarnas, som kommitténs rangordning gör "
                        "med de senaste tre signerade omgångarna")


@command("analyse", "räkna om kommitténs bästa skattning, sannolikhet att vara bäst och platsintervall "
                    "ur en exporterad poängfil (docs/method.md)", _analyse_args)
def _analyse(args: argparse.Namespace) -> int:
    from scoring.committee import analysis_input
    from scoring.committee import analysis as committee_analysis
    for path in (args.scores, *args.earlier):
        if not os.path.isfile(path):
            print(f"Fel: filen {path} finns inte.", file=sys.stderr)
            return 2
    options = {k: v for k, v in (("draws", args.draws), ("seed", args.seed)) if v is not None}
    earlier = committee_analysis.pool_earlier([committee_analysis.cycle_variances(analysis_input.load_scores(path))
                                               for path in args.earlier])
    result = committee_analysis.analyse(analysis_input.load_scores(args.scores), earlier=earlier, **options)
    if str(args.out).lower().endswith(".parquet"):
        result.write_parquet(args.out)
    else:
        result.write_csv(args.out)
    print(f"{result.height} bidrag i {result['class_code'].n_unique()} klasser skrivna till {args.out}.")
    return 0


def _simulate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cycles", type=int, default=200, help="simulerade omgångar per regim (standard 200)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--draws", type=int, default=2000)
    p.add_argument("--reference", choices=("linear", "exact", "none"), default="linear",
                   help="Bayes-referensen med generatorns sanna varianser: bästa linjära skattning (standard), "
                        "exakt a posteriori-medelvärde (Gibbs, långsammare) eller ingen")
    p.add_argument("--regime", action="append", default=[],
                   help="bara regimer vars namn börjar så (kan upprepas); standard alla")
    p.add_argument("--earlier", type=int, default=0, metavar="K",
                   help="simulera också K tidigare omgångar per omgång (samma generator) och väg samman "
                        "varianserna med dem, som produkten gör med programmets signerade omgångar")


@command("simulate", "pröva kommitténs modell på simulerade omgångar med känd sanning, regim för regim",
         _simulate_args)
def _simulate(args: argparse.Namespace) -> int:
    from scoring.bench import validation as committee_validation
    regimes = committee_validation.selected(tuple(args.regime))
    print(committee_validation.report(args.cycles, seed=args.seed, draws=args.draws, reference=args.reference,
                                      regimes=regimes, earlier=args.earlier))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kvalitet", description="Stockholms stads kvalitetsutmärkelse")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, configure, handler) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        configure(p)
        p.set_defaults(handler=handler)
    return parser


def main(argv: list[str] | None = None) -> int:
    from scoring.platform.access import ValidationError
    from scoring.store import StoreError
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (ValidationError, StoreError, FileExistsError, LookupError, ValueError, PermissionError) as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
