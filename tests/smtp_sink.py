"""A real SMTP server for tests (aiosmtpd), started in the test's own process on a free local port."""
from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from scoring.store import Store
from scoring.store import outbox as outbox_store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)


@dataclass
class Sink:
    """Accepts everything except recipients starting 'refused' (550) or 'later' (451)."""
    received: list[Received] = field(default_factory=list)
    on_data: object = None           # called with the envelope before the 250 is answered

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused"):
            return "550 5.1.1 Mailbox unavailable"
        if address.startswith("later"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
        if self.on_data is not None:
            self.on_data(envelope)
        return "250 2.0.0 Ok: queued as TEST"


class SmtpServer:
    def __init__(self, **kwargs):
        self.sink = Sink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port, **kwargs)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[Received]:
        return self.sink.received


@pytest.fixture(autouse=True)
def demo_queue_set_aside(demo_path):
    """Autouse in the modules that import it: the demo database's own queued messages are set aside (marked
    failed), so every count in a test is that test's own."""
    db = Store(demo_path)
    try:
        with db.read() as con:
            queued = outbox_store.listing(con, "queued", None, 1000)["id"].to_list()
        db.write(lambda con: [outbox_store.mark_failed(con, i, "demo") for i in queued])
    finally:
        db.close()
