"""Tillgänglighetsredogörelse: the accessibility statement the law on accessible digital public services
(DOS-lagen, 2018:1937) requires, in the structure DIGG prescribes. Open without logging in (shell.login_pages).
Our own fixed text, no user input; the kansli's e-mail address is the installation's (KVALITET_KANSLI_EMAIL),
shown only when it is an address. How it is tested: docs/accessibility.md."""
import re

import streamlit as st

from scoring.platform import outbox
from scoring.ui import text

REVIEWED = "4 december 2026"

INTRO = (
    "Stockholms stad står bakom Kvalitetsutmärkelsens arbetsverktyg. Vi vill att så många som möjligt ska "
    "kunna använda det, oavsett om du använder skärmläsare, förstoring eller bara tangentbord. Den här "
    "redogörelsen beskriver hur verktyget uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig "
    "service, vilka kända brister som finns och hur du kan rapportera brister till oss så att vi kan åtgärda dem.")

COMPLIANCE = (
    "Vi vet att delar av verktyget inte är helt tillgängliga: PDF-dokumenten är inte taggade, tävlingsbidragen "
    "är enheternas egna PDF-filer, och några delar av ramverket har kvarstående brister. Se avsnittet om "
    "innehåll som inte är tillgängligt nedan.")

TECHNICAL = (
    "Verktyget är **delvis förenligt** med lagen om tillgänglighet till digital offentlig service, på grund av "
    "de brister som beskrivs nedan. Kravnivån är WCAG 2.1 nivå AA, genom den europeiska standarden EN 301 549.")

DEVIATIONS = (
    "- **PDF-dokument är inte taggade.** Återföringsrapporter, vinnarlistor och andra PDF-filer som verktyget "
    "skapar görs med programbiblioteket ReportLab, som inte kan märka rubriker och tabeller som struktur för "
    "skärmläsare (WCAG 1.3.1, EN 301 549 10.1.3.1). Dokumenten har titel, språk (svenska), författare och ämne "
    "och texten ligger i logisk läsordning, så den kan läsas upp i ordning. Poäng och texter finns också som "
    "text på sidorna i verktyget. Behöver du ett dokument i annat format, kontakta kansliet.\n"
    "- **Tävlingsbidragen är enheternas egna PDF-filer.** Vi visar dem som de har lämnats in och kan inte "
    "garantera att de är tillgängliga. Filen kan alltid laddas ned och öppnas i ett eget program.\n"
    "- **Delar av sidornas ramverk (Streamlit).** Verktyget är byggt med ramverket Streamlit. Vi har ersatt "
    "ramverkets sidomeny med en egen, rättat färgkontrasten, gjort fokus tydligt och översatt ramverkets "
    "engelska knappnamn. Den automatiska granskningen hittar inga allvarliga brister. Kvar finns: tabeller ritas "
    "av ramverket, och med tangentbordet flyttar Tab mellan cellerna i en rad innan fokus lämnar tabellen (varje "
    "tabell kan också laddas ned som CSV); varje rubrik har en länk till sig själv som blir ett eget tabbsteg; "
    "enstaka meddelanden från ramverket, till exempel vid ett oväntat fel, kan visas på engelska.\n"
    "- **Diagram.** Diagrammen beskriver sitt huvudsakliga resultat i en text under diagrammet, och siffrorna "
    "finns som tabell bredvid eller under en utfällbar rubrik. Diagrammen själva går inte att läsa med "
    "skärmläsare.")

TESTED = (
    "Vi har själva granskat verktyget. Varje sida granskas automatiskt för varje roll med axe-core "
    "(reglerna för WCAG 2.0 och 2.1, nivå A och AA) i webbläsaren Chromium, också med felmeddelanden, låsta "
    "bedömningar, konsensus och diagram. Att bedöma ett bidrag och att signera beslut testas med enbart "
    "tangentbord, och bedömningssidan granskas i 200 % förstoring och i 390 pixlars bredd. "
    f"Verktyget bedömdes senast den {REVIEWED}. Redogörelsen uppdaterades senast den {REVIEWED}.")

# The contact details come from the installation: the award's mailbox (KVALITET_KANSLI_EMAIL, the address that
# also gets the notice of a signed decision). No telephone number is printed: the city's published switchboard is
# named, not quoted, so the statement never shows a number nobody answers.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")

ALTERNATIVE = (
    "Om du inte kan använda någon del av verktyget, eller behöver innehåll i ett annat format (till exempel en "
    "återföringsrapport som vanlig text eller uppläst), kontakta kansliet för Kvalitetsutmärkelsen på "
    "Stadsledningskontoret. Vi svarar så snart vi kan.")

REPORT = (
    "Vi strävar hela tiden efter att förbättra verktygets tillgänglighet. Om du upptäcker problem som inte "
    "beskrivs här, eller om du anser att vi inte uppfyller lagens krav, meddela kansliet, så att vi får veta "
    "att problemet finns. Berätta vilken sida det gäller och vad som inte fungerar.")

CONTACT_PHONE = "Telefon: ring Stockholms stad via stadens växel och be att få tala med kansliet för Kvalitetsutmärkelsen."
CONTACT_UNSET = ("E-post: kansliets adress är inte inställd i den här installationen (den som driftar verktyget anger "
                 "den i KVALITET_KANSLI_EMAIL).")


def contact_lines() -> list[str]:
    """How to reach the kansli, as markdown lines: its configured e-mail address (or that none is set), and the
    city's switchboard."""
    address = outbox.kansli_address()
    if address and EMAIL.fullmatch(address.strip()):
        mail = f"E-post: [{address.strip()}](mailto:{address.strip()})"
    else:
        mail = CONTACT_UNSET
    return [mail, CONTACT_PHONE]


SUPERVISION = (
    "Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn över lagen om tillgänglighet till "
    "digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta DIGG "
    "och påtala det: [digg.se/tdosanmalan](https://www.digg.se/tdosanmalan).")

st.title(text.A11Y_TITLE)
st.markdown(INTRO)
st.header("Hur tillgängligt är verktyget?")
st.markdown(COMPLIANCE)
st.header("Vad kan du göra om du inte kan använda delar av verktyget?")
st.markdown(ALTERNATIVE)
st.markdown("\n".join(f"- {line}" for line in contact_lines()))
st.header("Rapportera brister i tillgängligheten")
st.markdown(REPORT)
st.markdown("\n".join(f"- {line}" for line in contact_lines()))
st.header("Tillsynsmyndighet")
st.markdown(SUPERVISION)
st.header("Teknisk information om verktygets tillgänglighet")
st.markdown(TECHNICAL)
st.header("Innehåll som inte är tillgängligt")
st.subheader("Bristande förenlighet med lagkraven")
st.markdown(DEVIATIONS)
st.header("Hur vi har testat verktyget")
st.markdown(TESTED)
