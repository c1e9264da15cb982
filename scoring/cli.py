"""The `kvalitet` command line. Each subcommand calls one domain function."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable

from scoring import settings

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(name: str, help_text: str, configure: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    """Register a subcommand: `configure` adds its arguments, the decorated function runs it."""
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (help_text, configure, handler)
        return handler
    return register


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="databasfil (standard: $KVALITET_DB eller data/kvalitet.duckdb)")


def _db(args: argparse.Namespace) -> str:
    return str(getattr(args, "db", None) or settings.db_path())


def _demo_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--force", action="store_true", help="skriv över en befintlig fil")


@command("demo", "bygg demodatabasen (påhittade enheter och konton med lösenordet 'demo')", _demo_args)
def _demo(args: argparse.Namespace) -> int:
    from scoring import demo
    summary = demo.build(_db(args), seed=args.seed, force=args.force)
    print(f"Demodatabas skapad: {summary.path} ({summary.units} enheter, "
          f"{summary.submissions} bidrag, {summary.examiners} examinatorer).")
    return 0


def _init_args(p: argparse.ArgumentParser) -> None:
    _db_arg(p)
    p.add_argument("--username", default="admin")


@command("init", "skapa en tom databas och den första administratören "
                 "(lösenord från $KVALITET_ADMIN_PASSWORD eller frågas efter)", _init_args)
def _init(args: argparse.Namespace) -> int:
    from scoring import auth
    from scoring.store import Store, accounts
    db = Store(_db(args))
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
    from scoring import auth
    from scoring.store import Store
    password = os.environ.get("KVALITET_PASSWORD") or getpass.getpass("Lösenord: ")
    auth.add_user(Store(_db(args)), "cli", args.username, args.name, args.role, password, args.organisation_id)
    print(f"Kontot '{args.username}' är skapat.")
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
    from scoring.access import ValidationError
    from scoring.store import StoreError
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (ValidationError, StoreError, FileExistsError, LookupError, ValueError, PermissionError) as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
