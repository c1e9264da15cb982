"""Small rendering helpers shared by pages. User text is always shown as text, never as HTML/markdown.
Numbers are shown the Swedish way, with a decimal comma: `decimal()` for text, `table()` for st.dataframe."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import polars as pl
import pyarrow as pa
import streamlit as st

from scoring import swedish
from scoring.platform.access import AccessDenied, ValidationError
from scoring.ui import state, text

T = TypeVar("T")


def plain(text: str) -> None:
    """Show user-written text exactly as typed: no markdown, no HTML."""
    st.text(text or "–", wrap=True, width="stretch")


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_MARKUP = re.compile(
    r"[\\`*\[\]<>#|~$&]"                            # emphasis, code, links and images, HTML, headings, tables, LaTeX
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"          # _emphasis_ (an underscore inside a word is never markup)
    r"|^\s*[-+=]|^(\s*\d+)[.)]")                    # a list, setext underline or numbered list at the start
# A bare address (http://…, www.…) is made a link by Streamlit whatever is escaped: an invisible word joiner
# after its colon or "www" keeps it text.
_ADDRESS = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)")


def escape_md(value: Any) -> str:
    """A user-supplied string (unit, account, class or organisation name, a reason) made safe to place into
    anything Streamlit renders as markdown: titles, headers, captions, st.markdown, alerts, toasts, labels of
    widgets, expanders, tabs and page links, and the options of radios, pills and segmented controls. Every
    character that could start markup is backslash-escaped (CommonMark allows it for any ASCII punctuation),
    so no `**`, `![img](…)` (an outside fetch), link, `<b>`, `:red[…]`, `:material/…:`, `$…$` or `#` takes
    effect, and line breaks become spaces (one line, no block structure). Ordinary prose punctuation
    (. , ; : ( ) - ! ?) is left as it is. Selectbox and multiselect options and table cells are plain text in
    Streamlit: give them the string itself, never this."""
    if value is None:
        return ""
    escaped = _ADDRESS.sub("\u2060", _MARKUP.sub(_escaped, _CONTROL.sub(" ", str(value))))
    return _SHORT_CODE.sub(lambda m: re.sub(r"([:/])", r"\\\1", m.group(0)), escaped)


# Streamlit replaces :smile:, :material/icon: and :red[…] in the markdown source before parsing it, so escaping
# one colon is not enough: every colon and slash of the code is (tried in Chromium against Streamlit 1.67).
_SHORT_CODE = re.compile(r":[A-Za-z][A-Za-z0-9_/+-]*:?")


def _escaped(match: re.Match) -> str:
    found, digits = match.group(0), match.group(1)
    if digits is not None:                          # "1." or "1)" at the start: escape the dot or bracket
        return f"{digits}\\{found[len(digits):]}"
    return f"{found[:-1]}\\{found[-1]}"             # "  -" at the start keeps its spaces


def errors(exc: ValidationError | Exception) -> None:
    """The core's refusal, as text: its messages quote user input (a name, a file's cell), so each is escaped."""
    messages = [escape_md(m) for m in (getattr(exc, "messages", None) or [str(exc)])]
    st.error("\n".join(f"- {m}" for m in messages) if len(messages) > 1 else messages[0])


def flash(message: str, kind: str = "success") -> None:
    """Keep a message across st.rerun(); `show_flash` renders it once."""
    st.session_state[state.FLASH] = (kind, message)


def show_flash() -> None:
    item = st.session_state.pop(state.FLASH, None)
    if item:
        getattr(st, item[0])(item[1])


REFUSALS = (ValidationError, AccessDenied, LookupError)   # the core's Swedish no: bad input, role, unknown key


def act(work: Callable[[], T], done: str | Callable[[T], str], kind: str = "success",
        after: Callable[[T], None] | None = None) -> None:
    """Call the core once. Its refusal is shown as an error and the page goes on (the user's input stays);
    otherwise `after(result)` runs (e.g. to empty a form), `done` (a message, or one made from the result)
    is flashed and the page starts over."""
    try:
        result = work()
    except REFUSALS as exc:
        errors(exc)
        return
    if after is not None:
        after(result)
    flash(done(result) if callable(done) else done, kind)
    st.rerun()


def reasoned_action(form_key: str, pick_label: str, labels: Mapping[Any, str], reason_label: str, button: str,
                    act_on: Callable[[Any, str], None], done: Callable[[Any], str]) -> None:
    """One form: pick an item, give a reason, call the core; its refusal is shown, success is flashed."""
    with st.form(form_key):
        chosen = st.selectbox(pick_label, list(labels), format_func=labels.__getitem__)
        reason = st.text_input(reason_label)
        if st.form_submit_button(button):
            act(lambda: act_on(chosen, reason), lambda _: done(chosen))


# ---------------------------------------------------------------- numbers with a decimal comma


decimal = swedish.decimal   # a figure with fixed decimals, Swedish style (62,0; −1,5); see scoring/swedish.py


def _is_float(column: Any) -> bool:
    dtype = getattr(column, "dtype", None)
    if isinstance(dtype, pl.DataType):
        return dtype.is_float()
    if dtype is not None:                                   # pandas / numpy
        return getattr(dtype, "kind", "") == "f"
    values = [v for v in column if v is not None]
    return bool(values) and all(isinstance(v, float) for v in values)


def _columns(data: Any) -> Mapping[str, Any]:
    if isinstance(data, Mapping):
        return data
    if type(data).__name__ == "Styler":                     # a pandas Styler shows its .data
        data = data.data
    if isinstance(data, pl.DataFrame):
        return {name: data[name] for name in data.columns}
    if hasattr(data, "schema") and hasattr(data, "column_names"):   # pyarrow.Table
        return {f.name: f.type for f in data.schema}
    return {str(name): data[name] for name in data.columns}  # pandas


def number_columns(data: Any, digits: int | Mapping[str, int] = 1) -> dict[str, Any]:
    """column_config entries that show every float column of `data` with `digits` decimals (a mapping
    gives some columns their own; the rest get 1) in the reader's locale: Stockholm's browsers are
    Swedish, so 72.5 is shown as 72,5. The column stays numeric, so it still sorts as numbers.
    Streamlit 1.67 has no format that forces a comma whatever the browser's locale: printf formats
    (sprintf-js) and the named formats other than "localized" always write a point."""
    config = {}
    for name, column in _columns(data).items():
        is_float = pa.types.is_floating(column) if isinstance(column, pa.DataType) else _is_float(column)
        if is_float:
            n = digits.get(name, 1) if isinstance(digits, Mapping) else digits
            config[name] = st.column_config.NumberColumn(format="localized", step=10 ** -n if n else 1)
    return config


def _rounded_floats(data: Any, digits: int | Mapping[str, int], own: Mapping[str, Any]) -> Any:
    """`data` with every float column (not configured by the caller: `own`) rounded for display by scoring/swedish.py's one rule (swedish.rounded):
    st.dataframe's localized format cuts decimals off (62.96 would show as "62,9" beside "63,0" in the PDF)."""
    def n(name: str) -> int:
        return digits.get(name, 1) if isinstance(digits, Mapping) else digits
    if isinstance(data, Mapping):
        return {name: [swedish.rounded(v, n(name)) for v in values] if name not in own and _is_float(values)
                else values for name, values in data.items()}
    if isinstance(data, pl.DataFrame):
        floats = [name for name in data.columns if name not in own and data[name].dtype.is_float()]
        return data.with_columns(pl.col(name).map_elements(lambda v, d=n(name): swedish.rounded(v, d),
                                                           return_dtype=pl.Float64) for name in floats)
    if hasattr(data, "schema") and hasattr(data, "column_names"):   # pyarrow.Table: through polars
        frame = pl.from_arrow(data)
        return _rounded_floats(frame, digits, own) if isinstance(frame, pl.DataFrame) else data
    return data                                                       # pandas / Styler: as given


def table(data: Any, *, digits: int | Mapping[str, int] = 1, column_config: Mapping[str, Any] | None = None,
          **kwargs: Any) -> Any:
    """st.dataframe with Swedish decimals in every float column (see number_columns), rounded by the one
    rule of scoring/swedish.py (the grid itself would cut decimals off); integer and text columns are left
    as they are. Own `column_config` entries win."""
    config = {**number_columns(data, digits), **(column_config or {})}
    return st.dataframe(_rounded_floats(data, digits, column_config or {}), column_config=config, **kwargs)


def versioned_save(save: Callable[[int], int], version_key: str, stale: type[ValidationError],
                   show_newer: Callable[[Any], None], done: Callable[[int], str]) -> None:
    """Save with the version this session loaded (`save(version) -> new version`). Someone else's newer save
    is refused by the core: show why and the newer values (`show_newer(current)`), keep the user's input,
    and remember the newer version so a second save is a knowing overwrite. Success flashes and reruns."""
    try:
        new_version = save(st.session_state[version_key])
    except stale as exc:
        st.session_state[version_key] = exc.current.version
        errors(exc)
        with st.expander(text.NEWER_VALUES.format(version=exc.current.version), expanded=True):
            show_newer(exc.current)
    except (ValidationError, AccessDenied) as exc:
        errors(exc)
    else:
        st.session_state[version_key] = new_version
        flash(done(new_version))
        st.rerun()
