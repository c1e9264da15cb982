"""Tillgänglighetsredogörelse: the accessibility statement the law on accessible digital public services
(DOS-lagen, 2018:1937) requires, in the structure DIGG prescribes. Open without logging in (shell.login_pages).
Our own fixed text, no user input. How it is tested: docs/accessibility.md."""
import streamlit as st

from scoring.ui import text

REVIEWED = "4 december 2026"

INTRO = (
    "Stockholms stad står bakom Kvalitetsutmärkelsens arbetsverktyg. Vi vill att så många som möjligt ska "
    "kunna använda det, oavsett om du använder skärmläsare, förstoring eller bara tangentbord. Den här "
    "redogörelsen beskriver hur verktyget uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig "
    "service, vilka kända brister som finns och hur du kan rapportera brister till oss så att vi kan åtgärda dem.")

COMPLIANCE = (
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

REPORT = (
    "Om du upplever problem som inte beskrivs här, eller om du behöver innehåll i ett annat format, kontakta "
    "kansliet för Kvalitetsutmärkelsen på Stadsledningskontoret, eller Stockholms stads kontaktcenter på "
    "telefon 08-508 000 00. Berätta vilken sida det gäller och vad som inte fungerar, så svarar vi så snart "
    "vi kan.")

SUPERVISION = (
    "Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn över lagen om tillgänglighet till "
    "digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta DIGG "
    "och påtala det: [digg.se/tdosanmalan](https://www.digg.se/tdosanmalan).")

st.title(text.A11Y_TITLE)
st.markdown(INTRO)
st.header("Hur tillgängligt är verktyget?")
st.markdown(COMPLIANCE)
st.header("Innehåll som inte är tillgängligt")
st.subheader("Bristande förenlighet med lagkraven")
st.markdown(DEVIATIONS)
st.header("Hur vi har testat verktyget")
st.markdown(TESTED)
st.header("Rapportera brister i tillgängligheten")
st.markdown(REPORT)
st.header("Tillsyn")
st.markdown(SUPERVISION)
