"""The client half of `kvalitet bench --load` (scoring/bench/load.py): one examiner's browser tab as Streamlit's
protocol sees it, a websocket to /_stcore/stream speaking BackMsg and ForwardMsg (streamlit.proto). Here under
scoring/ui because it speaks Streamlit's protocol; it never runs inside the app."""
from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

PASSWORD = "demo"
ACTION_TIMEOUT = 120.0
SAVED_PREFIX = "Utkastet är sparat (version "
ACTIONS = ("login", "open_list", "open_submission", "save")


@dataclass
class Answer:
    ms: float
    runs: int
    alerts: list[str]


@dataclass
class Session:
    """One examiner's browser tab, as Streamlit's protocol sees it."""
    username: str
    submissions: list[int]
    port: int
    ws: Any = None
    widgets: dict[str, Any] = field(default_factory=dict)    # label → the element's widget proto
    alerts: list[str] = field(default_factory=list)
    finished: int = 0
    ok_finish: asyncio.Event | None = None
    reader: asyncio.Task | None = None
    acknowledged: list[tuple[int, int, str]] = field(default_factory=list)   # (submission, version, token)
    sent_tokens: int = 0
    times: dict[str, list[float]] = field(default_factory=lambda: {a: [] for a in ACTIONS})
    runs_per_save: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    async def connect(self) -> None:
        import websockets
        self.ok_finish = asyncio.Event()
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"],
            origin=f"http://127.0.0.1:{self.port}", max_size=None, open_timeout=60, ping_interval=None)
        self.reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()

    async def _read(self) -> None:
        async for data in self.ws:
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element)
            elif kind == "script_finished":
                self.finished += 1
                if msg.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY,
                                           ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    self.ok_finish.set()

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "alert":
            self.alerts.append(element.alert.body)
        elif kind in ("button", "text_input", "text_area", "number_input"):
            widget = getattr(element, kind)
            self.widgets[widget.label] = widget

    async def rerun(self, page: str, query: str, *states_list) -> Answer:
        """Send one BackMsg rerun_script per widget-state list (back to back) and wait until the run that
        answers the last one has finished. Counts the script runs in between."""
        self.alerts, self.widgets = [], {}
        self.ok_finish.clear()
        before, start = self.finished, time.perf_counter()
        for states in states_list or ([],):
            msg = BackMsg()
            msg.rerun_script.query_string = query
            msg.rerun_script.page_name = page
            msg.rerun_script.widget_states.widgets.extend(states)
            await self.ws.send(msg.SerializeToString())
        while True:
            await asyncio.wait_for(self.ok_finish.wait(), ACTION_TIMEOUT)
            self.ok_finish.clear()
            # the last message's run has finished once as many runs ended as messages went, or a later one ran
            if self.finished - before >= len(states_list or ([],)) or self._answered(states_list):
                break
        return Answer((time.perf_counter() - start) * 1000, self.finished - before, list(self.alerts))

    def _answered(self, states_list) -> bool:
        return len(states_list) > 1 and any(a.startswith(SAVED_PREFIX) for a in self.alerts)

    async def login(self) -> None:
        await self.rerun("", "")
        user, password, button = (self.widgets.get(k) for k in ("Användarnamn", "Lösenord", "Logga in"))
        if not (user and password and button):
            raise RuntimeError("Inloggningsformuläret hittades inte.")
        states = [WidgetState(id=user.id, string_value=self.username),
                  WidgetState(id=password.id, string_value=PASSWORD),
                  WidgetState(id=button.id, trigger_value=True)]
        answer = await self.rerun("", "", states)
        if "Logga in" in self.widgets:
            raise RuntimeError(f"{self.username} kunde inte logga in: {answer.alerts}")
        self.times["login"].append(answer.ms)

    async def open_list(self) -> None:
        self.times["open_list"].append((await self.rerun("bedomningar", "")).ms)

    async def open_submission(self, sid: int) -> None:
        self.times["open_submission"].append((await self.rerun("bedom", f"bidrag={sid}")).ms)

    async def save(self, sid: int, rng: random.Random) -> None:
        """Change criterion 1's score and strengths and save: the field's commit, then the click."""
        score = next((w for label, w in self.widgets.items() if label.startswith("Poäng")), None)
        strengths = next((w for label, w in self.widgets.items() if label.startswith("Styrkor")), None)
        button = self.widgets.get("Spara utkast")
        if not (score and strengths and button):
            self.failures.append(f"{self.username}: formuläret saknas för bidrag {sid}")
            return
        low, high, step = score.min if score.has_min else 0, score.max if score.has_max else 100, score.step or 1
        value = low + step * rng.randrange(int((high - low) / step) + 1)
        self.sent_tokens += 1
        token = f"Belastningstest {self.username} nr {self.sent_tokens}"
        number = (WidgetState(id=score.id, int_value=int(value)) if score.data_type == score.INT
                  else WidgetState(id=score.id, double_value=float(value)))
        fields = [number, WidgetState(id=strengths.id, string_value=token)]
        answer = await self.rerun("bedom", f"bidrag={sid}", fields,
                                  [*fields, WidgetState(id=button.id, trigger_value=True)])
        saved = [a for a in answer.alerts if a.startswith(SAVED_PREFIX)]
        if not saved:
            self.failures.append(f"{self.username}: ingen bekräftelse ({'; '.join(answer.alerts)[:200]})")
            return
        version = int(saved[0][len(SAVED_PREFIX):].split(")")[0])
        self.acknowledged.append((sid, version, token))
        self.times["save"].append(answer.ms)
        self.runs_per_save.append(answer.runs)
