"""The floor of `kvalitet bench --browser`: a bare Streamlit app of two pages that link to each other.

Served by its own `streamlit run` beside the app, so a click on its link costs what any Streamlit page
switch costs on this machine and in this browser (websocket round trip, script run, React drawing) and
nothing of ours. Each page draws only a title and the link to the other page."""
import streamlit as st

TITLES = {"golv": "Golv", "golv-a": "Golv A", "golv-b": "Golv B"}   # the first opens at "/", never timed


def _page(url: str) -> None:
    st.title(TITLES[url])
    with st.sidebar:
        for other in ("golv-a", "golv-b"):
            if other != url:
                st.page_link(PAGES[other], label=TITLES[other])


PAGES = {url: st.Page(lambda u=url: _page(u), title=title, url_path=url, default=url == "golv")
         for url, title in TITLES.items()}
st.navigation(list(PAGES.values()), position="hidden").run()
