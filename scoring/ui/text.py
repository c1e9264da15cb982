"""Swedish UI strings. Domain error messages live beside their rules in the core."""
APP_TITLE = "Kvalitetsutmärkelsen"
APP_SUBTITLE = "Stockholms stads kvalitetsutmärkelse – arbetsverktyg för kansli, examinatorer och domarkommitté"
LOGIN_HEADER = "Logga in"
A11Y_TITLE = "Tillgänglighetsredogörelse"
A11Y_ENGLISH = {"Zoom In": "Zooma in", "Zoom Out": "Zooma ut", "Link to heading": "Länk till rubriken",
                "Show password": "Visa tecknen", "Hide password": "Dölj tecknen",   # not '…lösenord': one label
                "Skip to main content": "Hoppa till huvudinnehållet", "Help": "Hjälp",
                "Help for ": "Hjälp om ", "Show/hide columns": "Visa eller dölj kolumner",
                "Download as CSV": "Ladda ned som CSV", "Search": "Sök", "Fullscreen": "Helskärm",
                "Close fullscreen": "Stäng helskärm", "Collapse sidebar": "Fäll ihop sidomenyn",
                "Expand sidebar": "Fäll ut sidomenyn", "Close": "Stäng",
                "Sidebar": "Sidomeny"}   # Streamlit's English names, in Swedish
A11Y_CHART_TABLE = "Diagrammets siffror som tabell"
A11Y_CHART_SERIES = "Serie"
A11Y_CHART_CATEGORY = "Kategori"
A11Y_CHART_VALUE = "Värde"
A11Y_CHART_SHOWN = "Visas i diagrammet som"
A11Y_CHART_ERROR = "± (felstapel)"
A11Y_CHART_TABLE_ROWS = "Tabellen visar de första {shown} av {total} raderna; alla finns i CSV-filen."
A11Y_CHART_TABLE_CSV = "Ladda ned diagrammets siffror (CSV)"
A11Y_FIND_PARTICIPATION = "Omgång {year}: {n} deltagande enheter{target}; omgång {first}: {first_n}."
A11Y_FIND_TARGET = " (målet var {target})"
A11Y_FIND_CLASSES = "Omgång {year}: flest deltagande enheter i {klass} ({n})."
A11Y_FIND_DISTRIBUTION = "Omgång {year}: högst median i {klass} ({median} poäng), lägst i {low_klass} ({low} poäng)."
A11Y_FIND_SEVERITY_YEARS = "Störst avvikelse bland de valda: {name}, {value} poäng omgång {year}."
A11Y_FIND_SEVERITY = "Strängast: {strict} ({strict_value} poäng). Mildast: {mild} ({mild_value} poäng)."
A11Y_FIND_RANK = "Störst sannolikhet att vara bäst: {unit} ({p})."
A11Y_FIND_RADAR = "Högst poäng: {best} ({best_score}). Lägst: {worst} ({worst_score})."
A11Y_FIND_SPREAD = "Störst spridning mellan examinatorerna: {criterion} ({low}–{high} poäng)."
A11Y_FIND_TARGETS = "{met} av {total} förvaltningar och bolag med mål har nått det. Under målet: {below}."
A11Y_FIND_COMPARISON = ("Romberna är enheter som byter plats när examinatorernas stränghet räknas bort: {n} av {total}. "
                        "Punkter på den prickade linjen har samma plats i båda.")
A11Y_FIND_PROGRESS = "{submitted} av {assigned} bedömningar är inskickade; flest kvar: {name} ({left})."
USERNAME = "Användarnamn"
PASSWORD = "Lösenord"
LOGIN_BUTTON = "Logga in"
LOGOUT = "Logga ut"
LOGGED_OUT_IDLE = "Du loggades ut efter {minutes} minuters inaktivitet. Logga in igen."
DEMO_HINT = "Demodatabas: logga in som t.ex. **examinator1**, **admin**, **kommitte1** eller **stadsdirektor** med lösenordet **demo**."
SIGNED_IN_AS = "Inloggad som **{name}** · {role}"
NO_CYCLE = "Det finns ingen omgång i databasen ännu. Kansliet skapar den första under Kansli → Omgång."

STATUS = {"not_started": "Ej påbörjad", "draft": "Utkast", "submitted": "Inskickad"}
# Material icons in Streamlit markdown: they render without an emoji font.
STATUS_BADGE = {"not_started": ":gray[:material/radio_button_unchecked: Ej påbörjad]",
                "draft": ":orange[:material/edit: Utkast]",
                "submitted": ":green[:material/check_circle: Inskickad]"}

# Mina bedömningar
MY_TITLE = "Mina bedömningar"
MY_EMPTY = "Du har inga tilldelade bidrag i omgången {year}."
MY_PROGRESS = ("{submitted} av {total} bedömningar inskickade · {draft} utkast · "
               "{not_started} ej påbörjade")
MY_TO_DO = "Att göra ({n})"
MY_DONE = "Inskickade ({n})"
# Status first: a long class name is cut at the right edge, never the status.
MY_ROW = "{status} · **{unit}** · {scored}/{criteria} kriterier · {role} · {klass} · {organisation}"
MY_OPEN = "Öppna"
COL_UNIT, COL_CLASS, COL_ORG, COL_STATUS, COL_SCORED, COL_ROLE = (
    "Enhet", "Tävlingsklass", "Förvaltning/bolag", "Status", "Bedömda kriterier", "Din roll")
ROLE_LEAD, ROLE_MEMBER = "Utvärderingsledare", "Examinator"

# Bedöm bidrag
SCORE_PICK_CRITERION = "Kriterium"
SCORE_PICK_CRITERION_HELP = ("Bedöm ett kriterium i taget. ✓ = poäng, styrkor och förbättringsområden ifyllda, "
                             "… = påbörjat. Det du skriver finns kvar när du byter kriterium; spara utkast "
                             "innan du lämnar sidan.")
SCORE_QUESTIONS = "Vägledande frågor"
SCORE_UNSAVED = ":orange[:material/edit_note: Osparade ändringar i kriterium {criteria}.] Spara utkast innan du lämnar sidan."
SCORE_NEXT = "Nästa att bedöma: {unit}"
SCORE_INPUT = "Poäng ({min}–{max}, steg om {step})"
SCORE_PLACEHOLDER = "Ej satt"
STRENGTHS = "Styrkor"
IMPROVEMENTS = "Förbättringsområden"
SAVE_DRAFT = "Spara utkast"
SUBMIT = "Skicka in"
SCORE_FIELD_OF = "{label} · kriterium {number}"
SCORE_CYCLE = "Omgång {year}"
SUBMIT_CONFIRM_TITLE = "Skicka in bedömningen?"
SUBMIT_CONFIRM = ("Du kan inte ändra efter att du skickat in. Poäng och texter för alla kriterier låses; "
                  "behöver något ändras efteråt får kansliet öppna bedömningen igen.")
SUBMIT_CANCEL = "Avbryt"
SAVED = "Utkastet är sparat (version {version})."
SUBMITTED = "Bedömningen är inskickad och låst."
LOCKED_INFO = "Bedömningen är inskickad och låst. Kontakta kansliet om något behöver ändras."
INDEPENDENT_INFO = "Du bedömer självständigt. Andra examinatorers poäng visas inte förrän konsensussteget."
WEIGHT = "vikt {weight} %"           # weight written by swedish.number: 12,5 or 20
BAND = "Poäng"
NEWER_VALUES = "Nyare sparade värden (version {version})"
BACK_TO_LIST = "← Mina bedömningar"

# Kansliets översikt över bedömningar
ADMIN_ASSESSMENTS_TITLE = "Bedömningar"
REOPEN = "Öppna igen"
REOPEN_REASON = "Skäl till att bedömningen öppnas igen"
REOPENED = "Bedömningen är öppnad igen och kan ändras av examinatorn."

# Översikt
START_TITLE = "Översikt"

# Konsensus, platsbesök och återföringsrapporter (issue 4)
CONSENSUS_TITLE = "Konsensus"
CONSENSUS_PICK = "Välj ett bidrag"
CONSENSUS_EMPTY = "Du ingår inte i något team i omgången {year}."
CONSENSUS_STATUS = {"none": "Ej påbörjad", "open": "Utkast", "done": "Klar"}
CONSENSUS_MISSING = ("Kansliet har öppnat konsensus innan alla skickat in. Saknas: {names}. "
                     "Deras poäng räknas inte in i medelvärde och spridning.")
CONSENSUS_MEMBER_INFO = "Du ser teamets bedömningar. Utvärderingsledaren för in teamets konsensus."
CONSENSUS_LOCKED = "Konsensus är klar och låst. Kansliet kan öppna den igen om något behöver ändras."
CONSENSUS_FLAGGED = "{n} av {total} kriterier har en spridning på {threshold} poäng eller mer och visas först."
CONSENSUS_NONE_FLAGGED = "Inget kriterium har en spridning på {threshold} poäng eller mer."
CONSENSUS_FLAG = ":red[:material/flag: **Oenighet**]"
CONSENSUS_AGREED = ":green[:material/check: Samstämmigt]"
CONSENSUS_STATS = "Medel **{mean}** · spridning {low}–{high} ({range} poäng) · standardavvikelse {sd} · {n} av {members} bedömningar"
CONSENSUS_NO_SCORES = "Inga inskickade poäng för kriteriet."
CONSENSUS_MISSING_MEMBER = "Ej inskickad – saknas"
CONSENSUS_SCORE = "Konsensuspoäng ({min}–{max}, steg om {step})"
CONSENSUS_STRENGTHS = "Konsensus: styrkor"
CONSENSUS_IMPROVEMENTS = "Konsensus: förbättringsområden"
CONSENSUS_PREFILLED = "Texterna är förifyllda med teamets texter. Redigera dem till teamets gemensamma formulering."
CONSENSUS_MOVED = "Konsensus {score} är {moved} från medelvärdet {mean}."
CONSENSUS_NO_SCORE_YET = "Ingen konsensuspoäng sparad ännu (medel {mean})."
CONSENSUS_SAVE = "Spara utkast"
CONSENSUS_PICK_CRITERION_HELP = ("Ett kriterium i taget. ⚑ = examinatorerna är oeniga (de kriterierna står först), "
                                 "✓ = teamets poäng, styrkor och förbättringsområden är ifyllda. Det du skriver finns "
                                 "kvar när du byter kriterium; Spara utkast och Markera som klar gäller alla kriterier.")
CONSENSUS_DONE = "Markera som klar"
CONSENSUS_SAVED = "Konsensus är sparad som utkast (version {version})."
CONSENSUS_MARKED_DONE = "Konsensus är markerad som klar och låst."
CONSENSUS_RESULT = "**Konsensus: {score}** · {moved}"
DOWNLOAD_REPORT = "Hämta återföringsrapport (PDF)"

VISITS_TITLE = "Platsbesök"
VISITS_SHORTLIST = "Urval per tävlingsklass"
VISITS_TOP_N = "Visa de bästa per klass"
VISITS_ALL = "Alla med klar konsensus"
VISITS_SELECTED = "Utvalda för platsbesök"
VISITS_PICK = "Välj för platsbesök"
VISITS_NONE = "Inga bidrag är utvalda för platsbesök ännu."
VISITS_MINE_NONE = "Inget av dina team har ett bidrag som är utvalt för platsbesök."
VISITS_RECORD = "Registrera platsbesöket"
VISITS_DATE = "Besöksdatum"
VISITS_VISITORS = "Besökare"
VISITS_NOTES = "Anteckningar"
VISITS_ADJUST = "Justerad poäng (lämna tomt för att behålla konsensus)"
VISITS_REASON = "Skäl till justeringen (krävs)"
VISITS_SAVE = "Spara platsbesöket"
VISITS_SAVED = "Platsbesöket är sparat."
VISITS_PICKED = "{unit} är utvald för platsbesök."
VISITS_DROPPED = "{unit} är borttagen från platsbesök."
SOURCE = "Slutlig poäng bygger på"

FEEDBACK_TITLE = "Återföringsrapporter"
FEEDBACK_ONE = "En enhet i taget"
FEEDBACK_ALL = "Alla enheter i omgången"
FEEDBACK_DOWNLOAD_ZIP = "Hämta zip ({count} rapporter)"
FEEDBACK_PRELIMINARY = ("{n} av {total} enheter saknar klar konsensus för minst ett kriterium; "
                        "deras rapporter visar medelvärdet av de individuella bedömningarna och säger det.")
OPEN_CONSENSUS = "Öppna konsensus för ett team"
OPEN_CONSENSUS_HELP = ("För team där någon inte har skickat in (t.ex. vid sjukdom). Utvärderingsledaren ser då "
                       "teamets inskickade bedömningar och de saknade visas som saknade.")
OPEN_CONSENSUS_REASON = "Skäl"
OPEN_CONSENSUS_BUTTON = "Öppna konsensus"
OPEN_CONSENSUS_DONE = "Konsensus är öppnad för {unit}."
OPEN_CONSENSUS_NONE = "Alla team med saknade bedömningar har redan öppnad konsensus, eller så saknas inga."
REOPEN_CONSENSUS = "Öppna en klar konsensus igen"
REOPEN_CONSENSUS_REASON = "Skäl till att konsensus öppnas igen"
REOPEN_CONSENSUS_DONE = "Konsensus för {unit} är öppnad igen och kan ändras av utvärderingsledaren."

# Granskningslogg och säkerhetskopia (issue 7)
AUDIT_TITLE = "Granskningslogg"
AUDIT_INTRO = ("Varje ändring loggas med vem, när, vad och gamla/nya värden. Loggen kan bara läggas till; "
               "ingen kan ändra eller ta bort poster i appen.")
AUDIT_ACTOR = "Vem"
AUDIT_ACTION = "Händelse"
AUDIT_ENTITY = "Vad"
AUDIT_SINCE = "Från och med"
AUDIT_UNTIL = "Till och med"
AUDIT_ALL = "Alla"
AUDIT_COUNT = "{total} poster matchar filtret."
AUDIT_TRUNCATED = "{total} poster matchar; de {shown} senaste visas och exporteras. Smalna av filtret för att se äldre."
AUDIT_EMPTY = "Inga poster matchar filtret."
BACKUP_TITLE = "Säkerhetskopia"
BACKUP_INTRO = ("Hela databasen exporteras med DuckDB EXPORT DATABASE (en Parquet-fil per tabell och schemaversionen) "
                "och packas i en zip med ett manifest som anger SHA-256 för varje fil. Nedladdningen loggas i "
                "granskningsloggen. Förvara filen som sekretessbelagd: den innehåller alla bedömningar.")
BACKUP_RESTORE_HELP = ("Återställ på servern till en ny databasfil med "
                       "`kvalitet restore kvalitet-backup-….zip --db data/aterstalld.duckdb` och starta sedan appen "
                       "med `KVALITET_DB=data/aterstalld.duckdb`. Återställningen kontrollerar varje fil mot "
                       "manifestet, bygger schemat med programmets egna migreringar och vägrar en ändrad kopia.")
BACKUP_SIGNED = "Manifestet signeras (HMAC-SHA256) med nyckeln i KVALITET_BACKUP_KEY."
BACKUP_UNSIGNED = ("KVALITET_BACKUP_KEY är inte satt: kopian skyddas av kontrollsummor men signeras inte. Den som "
                   "kan ändra både en fil och manifestet kan då förfalska kopian.")
BACKUP_BUILD = "Skapa säkerhetskopia"
BACKUP_READY = "Säkerhetskopian {name} är klar ({size})."
BACKUP_DOWNLOAD = "Ladda ner {name}"
LOGGED_OUT_ELSEWHERE = "Du har loggats ut (i en annan flik eller efter inaktivitet). Logga in igen."
LOGGED_OUT_ACCOUNT_CHANGED = "Ditt konto har ändrats eller stängts av kansliet. Logga in igen."

# Kansli: omgång, enheter och anmälan, import (issue 3 del A)
ADMIN_CYCLE_PICK = "Omgång"
CYCLE_PICK_OPTION = "{year} · {phase}"
CYCLE_PICK_HELP = ("Omgången som sidan visar och ändrar. Valet gäller alla sidor med det här valet under "
                   "inloggningen tills du byter.")
CYCLE_SHOWN = "Omgång {year} · {phase}"
SETUP_SAVE = "Spara"
ADMIN_CYCLE_TITLE = "Omgång"
TAB_PHASE, TAB_DATES, TAB_CLASSES, TAB_CRITERIA, TAB_COPY = (
    "Fas", "Datum och uppgifter", "Tävlingsklasser", "Kriterier och vikter", "Ny omgång")
CYCLE_CLOSED_INFO = "Omgången är avslutad. Uppgifterna visas men kan inte ändras; flytta tillbaka fasen med ett skäl om något måste rättas."
PHASE_FORWARD_HEAD = "**Nästa fas: {phase}**"
PHASE_FORWARD = "Flytta till {phase}"
PHASE_ANYWAY = "Jag har sett det som återstår och vill flytta ändå"
PHASE_CONFIRM_FIRST = "Kryssa i rutan om omgången ska flyttas trots det som återstår."
PHASE_BACK_HEAD = "**Tillbaka till {phase}** (skälet sparas i granskningsloggen)"
PHASE_BACK_REASON = "Skäl till att fasen flyttas tillbaka"
PHASE_BACK = "Flytta tillbaka till {phase}"
PHASE_MOVED = "Omgången {year} är nu i fasen {phase}."
PHASE_HISTORY = "Tidigare fasbyten"
CYCLE_TITLE_LABEL = "Rubrik"
CEREMONY_PLACE = "Plats för prisutdelningen"
CHAIR_TITLE = "Ordförandens titel"
DETAILS_SAVED = "Datum och uppgifter är sparade."
CLASSES_HELP = ("Lägg till en klass på en ny rad, byt namn direkt i tabellen, ändra ordningen med kolumnen Ordning "
                "och ta bort en rad för att ta bort en klass. En klass med anmälda bidrag kan inte tas bort.")
SAVE_CLASSES = "Spara tävlingsklasser"
CLASSES_SAVED = "Tävlingsklasserna är sparade."
CRITERIA_HELP = ("Omgången har alltid de fem kriterierna. Vikterna ska summera till 100 % och kan bara ändras i fasen "
                 "anmälan; texterna kan rättas tills omgången är avslutad. Skriv en vägledande fråga per rad.")
CRITERION_TITLE = "Rubrik"
CRITERION_DESCRIPTION = "Beskrivning"
CRITERION_GUIDANCE = "Vägledande frågor (en per rad)"
CRITERION_WEIGHT = "Vikt (%)"
SAVE_CRITERIA = "Spara kriterier och vikter"
CRITERIA_SAVED = "Kriterierna och vikterna är sparade."
COPY_HELP = ("Den nya omgången får samma tävlingsklasser, kriterier, vikter, poängskala och mål för deltagande som "
             "den valda, och alla datum flyttas till det nya året. Den börjar i fasen anmälan. Ändra sedan det som "
             "är nytt för året.")
COPY_SOURCE = "Kopiera från omgång"
COPY_YEAR = "Den nya omgångens år"
COPY_BUTTON = "Skapa ny omgång"
COPY_DONE = "Omgången {year} är skapad som en kopia av {source}. Kontrollera datum, klasser och kriterier."
CYCLE_EXPORT = "Exportera omgångens datum, klasser och kriterier"

# Tävlingsbidrag (PDF), examinatorer och team, framsteg (issue 3, del B)
KANSLI_XLSX = "Exportera till Excel (.xlsx)"
KANSLI_CSV = "Exportera till CSV"
DOCS_TITLE = "Tävlingsbidrag (PDF)"
ADMIN_ASSESSMENTS_COL_ROLE = "Roll i teamet"
ADMIN_ASSESSMENTS_NEVER = "–"
DOCS_SUBMISSIONS, DOCS_WITH_PDF, DOCS_MISSING = "Anmälda bidrag", "Med PDF", "Saknar PDF"
DOCS_NO_SUBMISSIONS = "Inga bidrag är anmälda till omgången {year} ännu."
DOCS_HAS_PDF = "har PDF"
DOCS_TAB_ONE, DOCS_TAB_ZIP, DOCS_TAB_LIST = "Ladda upp en fil", "Läs in flera (zip)", "Alla bidrag"
DOCS_PICK = "Bidrag"
DOCS_FILE = "PDF-fil, högst {mb} MB"
DOCS_FILE_HELP = "En fil som redan finns för bidraget ersätts (den gamla syns i loggen)."
DOCS_UPLOAD = "Ladda upp"
DOCS_SAVED = "{name} är sparad för {unit} ({size}, SHA-256 {sha}…)."
DOCS_ZIP_HELP = ("Packa bidragens PDF-filer i en zip-fil. Varje filnamn ska börja med enhetens id, t.ex. "
                 "E012.pdf eller E012_bidrag.pdf (stora eller små bokstäver spelar ingen roll). Allt eller "
                 "inget: om någon fil inte går att matcha eller är skadad läses ingen fil in, så att du kan "
                 "rätta zip-filen och läsa in den igen. Varje PDF-fil i zip-filen får vara högst {pdf_mb} MB; "
                 "dela upp en större leverans i flera zip-filer.")
DOCS_ZIP_FILE = "Zip-fil med PDF-filer, högst {mb} MB"
DOCS_ZIP_READY = ("Filen matchar ett anmält bidrag och är en giltig PDF-fil.",
                  "Alla {count} filer matchar ett anmält bidrag och är giltiga PDF-filer.")
DOCS_ZIP_PROBLEMS = ("{bad} av {total} filer har problem (se Skäl nedan). Inget läses in förrän alla filer "
                     "i zip-filen går att matcha.")
DOCS_ZIP_IGNORED = "Ignorerade systemfiler: {names}"
DOCS_ZIP_REPORT = "Ladda ner rapporten (CSV)"
DOCS_ZIP_IMPORT = ("Läs in {count} PDF-fil", "Läs in {count} PDF-filer")
DOCS_ZIP_DONE = ("{count} PDF-fil är inläst.", "{count} PDF-filer är inlästa.")
DOCS_SECTIONS = "Visa"
DOCS_ONLY_MISSING = "Visa bara bidrag som saknar PDF"
DOCS_COL_UNIT_ID, DOCS_COL_FILE, DOCS_COL_SIZE, DOCS_COL_UPLOADED, DOCS_COL_BY = (
    "Id", "Fil", "Storlek", "Uppladdad", "Uppladdad av")
DOCS_NONE = "– saknas –"
DOCS_OPEN_ONE = "Ladda ner eller ta bort en fil"
DOCS_PICK_STORED = "Bidrag med PDF"
DOCS_DOWNLOAD = "Ladda ner PDF"
DOCS_REMOVE = "Ta bort filen"
DOCS_REMOVE_CONFIRM = "Ta bort {name}"
DOCS_REMOVED = "{name} är borttagen."
DOCS_VIEWER = "Tävlingsbidraget som PDF"
DOCS_NO_PDF = "Kansliet har inte laddat upp bidraget som PDF ännu. Texten nedan är den inlämnade texten."
DOCS_TEXT = "Bidragets text"

TEAMS_TITLE = "Examinatorer och team"
TEAMS_M_SUBMISSIONS, TEAMS_M_STAFFED, TEAMS_M_UNSTAFFED, TEAMS_M_CONFLICTS = (
    "Bidrag", "Fullt bemannade", "Ej fullt bemannade", "Anmälda jäv")
TEAMS_M_ADDED, TEAMS_M_REMOVED, TEAMS_M_LOAD = "Nya platser", "Borttagna platser", "Uppdrag per examinator"
TEAMS_PHASE_LOCKED = ("Omgången är i fasen {phase}. Team kan bara ändras i faserna anmälan och individuell "
                      "bedömning.")
TEAMS_TAB_ROSTER, TEAMS_TAB_AUTO, TEAMS_TAB_EDIT, TEAMS_TAB_CONFLICTS = (
    "Examinatorer", "Automatisk fördelning", "Ändra ett team", "Jäv")
TEAMS_EDIT_EXAMINER = "Lägg till eller ändra en examinator"
TEAMS_PICK_EXAMINER = "Examinator"
TEAMS_NEW_EXAMINER = "+ Ny examinator"
TEAMS_ORG_FIELD = "Förvaltning eller bolag (för jäv)"
TEAMS_CAPACITY_FIELD = "Kapacitet (högst antal bidrag)"
TEAMS_PASSWORD = "Startlösenord (minst 10 tecken; examinatorn byter det)"
TEAMS_SAVE_EXAMINER = "Spara examinator"
TEAMS_EXAMINER_SAVED = "{name} är sparad."
TEAMS_NO_SUBMISSIONS = DOCS_NO_SUBMISSIONS
TEAMS_AUTO_HELP = ("Förslaget ger varje bidrag lika många examinatorer och utser en utvärderingsledare. Ingen "
                   "examinator får ett bidrag från sin egen förvaltning eller sitt eget bolag eller där hen har "
                   "anmält jäv, ingen får fler än sin kapacitet, och uppdragen fördelas så jämnt det går. "
                   "Inget sparas förrän du trycker på Spara.")
TEAMS_K = "Examinatorer per bidrag"
TEAMS_KEEP = "Nuvarande team"
TEAMS_PROPOSE = "Ta fram förslag"
TEAMS_UNSTAFFED = "{count} bidrag kan inte få fullt team. Skälen står nedan; ändra kapacitet eller team för hand."
TEAMS_PROPOSED_TEAMS = "Föreslagna team"
TEAMS_LOADS = "Uppdrag per examinator"
TEAMS_DROP_WARNING = (("{count} examinator som redan har skrivit i sin bedömning tas bort i förslaget. "
                       "Utkastet sparas i loggen men försvinner från bedömningen."),
                      ("{count} examinatorer som redan har skrivit i sina bedömningar tas bort i förslaget. "
                       "Deras utkast sparas i loggen men försvinner från bedömningen."))
TEAMS_DROP_CONFIRM = "Ja, ta bort påbörjade bedömningar"
TEAMS_SAVE_PROPOSAL = "Spara fördelningen"
TEAMS_SAVED = "Fördelningen är sparad: {added}, {removed}, {lead_changes}, {unstaffed} bidrag utan fullt team."
TEAMS_SAVED_ADDED = ("{count} ny plats", "{count} nya platser")
TEAMS_SAVED_REMOVED = ("{count} borttagen", "{count} borttagna")
TEAMS_SAVED_LEADS = ("{count} ändrad ledare", "{count} ändrade ledare")
TEAMS_SHORT = ("{count} examinator", "{count} examinatorer")
TEAMS_SECTIONS = "Visa"
TEAMS_NO_TRAINING_YEAR = "–"
TEAMS_PICK_SUBMISSION = "Bidrag"
TEAMS_CURRENT = "Nuvarande team"
TEAMS_MEMBERS = "Teammedlemmar (namn, förvaltning, uppdrag/kapacitet)"
TEAMS_LEAD = "Utvärderingsledare"
TEAMS_FLAG_BLOCKED = "jäv"
TEAMS_FLAG_FULL = "full"
TEAMS_FLAG_EXPERIENCED = "erfaren i klassen"
TEAMS_ALLOW_OVER = "Kapaciteten får överskridas (examinatorn har gått med på det)"
TEAMS_SAVE_TEAM = "Spara team"
TEAMS_TEAM_SAVED = "Teamet för {unit} är sparat."
TEAMS_BLOCKED_LIST = ("{count} examinator får inte bedöma bidraget", "{count} examinatorer får inte bedöma bidraget")
TEAMS_NO_CONFLICTS = "Inga jäv är anmälda i omgången {year}."
TEAMS_CONFLICTS_ELSEWHERE = (
    "{count} jäv anmält i en annan omgång gäller fortfarande: examinatorn tilldelas inte den enheten.",
    "{count} jäv anmälda i andra omgångar gäller fortfarande: examinatorerna tilldelas inte de enheterna.")
TEAMS_RECORD_CONFLICT = "Registrera jäv"
TEAMS_CONFLICT_EXAMINER = "Examinator"
TEAMS_CONFLICT_EXAMINER_HELP = ("Om examinatorn är med i bidragets team tas hen bort och en ersättare väljs "
                                "direkt enligt samma regler.")
CONFLICT_REASON = "Vad består jävet i?"
CONFLICT_DECLARE = "Anmäl jäv"
CONFLICT_HELP = ("Anmäl jäv om du har en koppling till enheten (t.ex. släkt eller vän i ledningen, tidigare "
                 "anställd). Du tas bort från teamet direkt, kansliet ser anmälan och en annan examinator tar "
                 "din plats. Det du hunnit skriva sparas i loggen.")
CONFLICT_RECORDED = "Jävet är registrerat: {examiner} får inte tilldelas {unit}."
CONFLICT_REMOVED = "Jävet är registrerat och {examiner} är borttagen från teamet för {unit}."
CONFLICT_REPLACED = "{replacement} har tagits in i stället."
CONFLICT_NO_REPLACEMENT = "Ingen ersättare kunde väljas: {reason} Kansliet behöver ändra teamet för hand."
CONFLICT_DONE_EXAMINER = ("Ditt jäv mot {unit} är anmält och du är borttagen från teamet. "
                          "Kansliet ser anmälan.")

PROGRESS_TITLE = "Framsteg"
PROGRESS_NO_DEADLINE = "Omgången har inget sista datum för den individuella bedömningen."
PROGRESS_DEADLINE = "Den individuella bedömningen ska vara klar {date} ({days} kvar)."
PROGRESS_LATE = "Sista dag för den individuella bedömningen var {date} ({days} sedan). {overdue}."
PROGRESS_DAYS = ("{count} dag", "{count} dagar")
PROGRESS_OVERDUE = ("{count} bedömning är inte inskickad och är försenad",
                    "{count} bedömningar är inte inskickade och är försenade")
PROGRESS_BAR = "{submitted} av {total} bedömningar inskickade"
PROGRESS_UNSTAFFED = "{count} bidrag har ingen examinator: {units}."
PROGRESS_EMPTY = "Inga bedömningar är fördelade i omgången {year} ännu."
PROGRESS_TAB_CLASS, PROGRESS_TAB_EXAMINER, PROGRESS_TAB_ALL = "Per klass", "Per examinator", "Alla bedömningar"
PROGRESS_CHART_CLASS = "Bedömningar per tävlingsklass"
PROGRESS_CHART_EXAMINER = "Bedömningar per examinator"
PROGRESS_ONLY_BEHIND = "Visa bara examinatorer som har bedömningar kvar"
PROGRESS_CSV_ZIP = "Exportera till CSV (zip)"
UNITS_TITLE = "Enheter och anmälan"
TAB_UNITS, TAB_REGISTRATION, TAB_DECISIONS, TAB_PARTICIPATION, TAB_ORGS = (
    "Enheter", "Anmälan", "Beslut i nämnd", "Deltagande mot mål", "Förvaltningar och bolag")
ELIGIBLE = "Uppfyllda"
DEADLINE_PASSED = ("Sista dag för nämndens protokoll var {deadline}. {n} anmälningar saknar fortfarande beslut i "
                   "nämnd eller styrelse, och för {m} anmälningar har protokollet inte kommit in.")
DEADLINE_SOON = ("{n} anmälningar saknar beslut i nämnd eller styrelse. Protokollet ska vara inne senast {deadline}, "
                 "om {days} dagar.")
DEADLINE_CALM = "{n} anmälningar väntar på beslut i nämnd eller styrelse (protokollet senast {deadline})."
DEADLINE_LIST = "Visa vilka som saknas"
MISSING_DECISION = "Saknar beslut i nämnd"
MISSING_PROTOCOL = "Beslut finns men protokollet har inte kommit in"
ONLY_INELIGIBLE = "Visa bara enheter som inte uppfyller villkoren"
ONLY_REGISTERED = "Visa bara anmälda enheter"
SEARCH_UNIT = "Sök på namn eller id"
UNITS_COUNT = "{shown} av {total} enheter visas · {registered} anmälda till {year} · {ineligible} uppfyller inte villkoren"
UNIT_EDIT = "Lägg till eller ändra en enhet"
UNIT_PICK = "Enhet"
NEW_UNIT = "+ Ny enhet"
SAVE_UNIT = "Spara enheten"
UNIT_SAVED = "Enheten är sparad och uppfyller villkoren för att delta."
UNIT_SAVED_INELIGIBLE = "Enheten är sparad men uppfyller inte villkoren för att delta: {reasons}"
REGISTER_HEAD = "Anmäl en enhet"
REGISTER_PHASE = "Enheter kan bara anmälas när omgången är i fasen anmälan."
ALL_REGISTERED = "Alla enheter är redan anmälda till omgången."
REGISTER_UNIT = "Enhet att anmäla"
NOT_ELIGIBLE = "Enheten uppfyller inte villkoren för att delta:"
OVERRIDE_REASON = "Motivering till att enheten ändå anmäls (sparas och loggas)"
REGISTER_BUTTON = "Anmäl"
REGISTERED = "Enheten är anmäld till omgången {year}."
REGISTRATIONS_HEAD = "Anmälda enheter"
BOARD_DECISION_HEAD = "Registrera beslut i nämnd eller styrelse"
NO_OPEN_REGISTRATIONS = "Alla anmälningar har beslut i nämnd eller styrelse."
BOARD_DECISION_UNITS = "Enheter som beslutet gäller"
BOARD_DECISION_DATE = "Beslutsdatum"
BOARD_DECISION_REF = "Protokoll (paragraf eller diarienummer)"
PROTOCOL_ALREADY = "Protokollet har redan kommit in"
PROTOCOL_DATE = "Protokollet kom in"
BOARD_DECISION_BUTTON = "Spara beslutet"
BOARD_DECISION_SAVED = "Beslutet är sparat för {n} enheter."
PROTOCOL_HEAD = "Protokoll inkommet"
PROTOCOL_DECISION = "Beslut"
PROTOCOL_BUTTON = "Markera protokollet som inkommet"
PROTOCOL_SAVED = "Protokollet är markerat som inkommet för beslutets alla enheter."
BOARD_DECISIONS_HEAD = "Beslut i omgången"
TARGETS_HEAD = "Mål för deltagande"
TARGETS_HELP = "Skriv hur många enheter förvaltningen eller bolaget vill ha med; töm rutan för inget mål."
SAVE_TARGETS = "Spara målen"
TARGETS_SAVED = "{n} mål är sparade."
ORG_PICK = "Förvaltning eller bolag"
NEW_ORG = "+ Ny förvaltning eller bolag"
SAVE_ORG = "Spara"
ORG_SAVED = "Förvaltningen eller bolaget är sparat."
IMPORT_TITLE = "Import"
IMPORT_KIND = "Vad ska läsas in?"
IMPORT_UNITS, IMPORT_EXAMINERS = "Enheter", "Examinatorer"
IMPORT_HELP = {
    "units": ("Kolumner: {columns}. Med tävlingsklass anmäls enheterna också till omgången {year} (bara i fasen "
              "anmälan). Finns enhets-id redan uppdateras enheten. CSV med ; eller , i UTF-8 eller Windows-1252, "
              "eller Excel (.xlsx); rubrikerna på första raden."),
    "examiners": ("Kolumner: {columns}. Klasserna kontrolleras mot omgången {year}. Nya examinatorer får ett konto "
                  "utan lösenord; de kan logga in när kansliet har satt ett under Kansli → Konton. Finns "
                  "användarnamnet redan uppdateras examinatorn."),
}
IMPORT_HELP_NO_CYCLE = {
    "units": ("Kolumner: {columns}. Det finns ingen omgång ännu, så enheterna kan inte anmälas: lämna kolumnen "
              "tavlingsklass tom, eller skapa omgången under Omgång först. Finns enhets-id redan uppdateras enheten."),
    "examiners": ("Kolumner: {columns}. Det finns ingen omgång ännu, så klasserna i erfarenhet_klasser kontrolleras "
                  "inte. Nya examinatorer får ett konto utan lösenord; kansliet sätter det under Kansli → Konton."),
}
IMPORT_TEMPLATE = "Mall att fylla i"
IMPORT_TEMPLATE_HELP = ("Mallen har rätt kolumner och en exempelrad som går att läsa in. Giltiga värden – omgångens "
                        "tävlingsklasser (kod eller namn) och förvaltningarna och bolagen – står på bladet "
                        "'Giltiga värden' i Excel-mallen och i en egen CSV-fil.")
IMPORT_TEMPLATE_XLSX, IMPORT_TEMPLATE_CSV, IMPORT_VALID_CSV = "Mall (Excel)", "Mall (CSV)", "Giltiga värden (CSV)"
IMPORT_ERRORS_HEAD = "Felen rad för rad"
IMPORT_FILE = "Fil att läsa in (CSV eller Excel .xlsx)"
IMPORT_NOTICES = "Att känna till"
IMPORT_PREVIEW = "Förhandsgranskning"
IMPORT_PREVIEW_COUNT = "De första {shown} av {total} raderna, med radnummer som i kalkylbladet."
IMPORT_HAS_ERRORS = "Filen har {n} fel. Inget läses in förrän alla rader är rätt: rätta filen och ladda upp den igen."
IMPORT_READY = "Filen är kontrollerad utan fel. Inläsningen ger {summary}."
IMPORT_WILL_REGISTER = "Samtidigt anmäls {units} till omgången {year}."
IMPORT_CONFIRM = "Läs in alla {n} rader"
IMPORT_CONFIRM_ONE = "Läs in raden"
IMPORT_DONE = "Inläst: {summary}."
IMPORT_LAST = "Senast inlästa"
NEEDS_PASSWORD = "Saknas – sätts av kansliet"
ROSTER_HEAD = "Examinatorsregistret"

# Domarkommitté: rangordning, kalibrering, beslut och statistik (issue 5)
RANKING_TITLE = "Rangordning"
CALIBRATION_TITLE = "Kalibrering och tillförlitlighet"
DECISIONS_TITLE = "Beslut"
STATISTICS_TITLE = "Statistik över åren"
PICK_YEAR = "Omgång"
PICK_CLASS = "Tävlingsklass"
PICK_UNIT = "Enhet att granska"
READ_ONLY_ADMIN = "Kansliet ser sidan utan att kunna ändra något."
CLOSE_CALL = ("**Jämnt avgörande – diskutera.** Ledaren {unit} är bäst i klassen med bara {p} sannolikhet "
              "(under 60 %).")
CLEAR_LEADER = "**Tydlig ledare:** {unit} är bäst i klassen med {p} sannolikhet."
NO_CONFIDENCE = "Sannolikheten att vara bäst kan inte beräknas ännu: {reason}"
TIE_BREAK_HEADER = "Så rangordnas enheter med lika totalpoäng"
SOURCES_NOTE = ("**Källa** visar var slutpoängen kommer ifrån: *platsbesök* (minst ett kriterium justerat vid "
                "platsbesök), *konsensus* (teamets klara konsensus) eller *individuellt medel* (medelvärdet av de "
                "inskickade bedömningarna medan konsensus saknas – preliminärt).")
CONFIDENCE_NOTE = ("Sannolikheten och platsintervallet bygger på examinatorernas oberoende individuella poäng. "
                   "Konsensus och platsbesök räknas inte in: de är samma examinatorers bedömning efter diskussion, "
                   "inte nya oberoende underlag, och skulle få säkerheten att se större ut än den är.")
PRACTICE_RANKING_NOTE = ("Övningsfallet: examinatorerna har bedömt samma påhittade bidrag innan de började. Deras poäng "
                         "på det räknas aldrig in i någon enhets poäng eller plats. De används bara för att jämföra hur "
                         "sträng varje examinator är, också mellan team som inte har något bidrag gemensamt; "
                         "det gör den justerade skattningen säkrare.")
PRELIMINARY = "{n} av {total} enheter i klassen saknar klar konsensus; deras totalpoäng är preliminär."
INCOMPLETE = "{n} enheter saknar poäng på minst ett kriterium och står sist utan totalpoäng."
UNIT_DETAIL = "Enhetens detaljer"
RANKING_SECTION_CLASS = "Klassens rangordning"
SPREAD_HEADER = "Spridning i examinatorernas poäng"
HISTORY_HEADER = "Tidigare omgångar"
NO_HISTORY = "Det finns inga tidigare omgångar i databasen."
NO_UNIT_SCORES = "Inga inskickade individuella bedömningar för enheten ännu."
COL_PLACE, COL_TOTAL, COL_SOURCE, COL_MIN, COL_CALIBRATED = (
    "Plats", "Totalpoäng", "Källa", "Lägsta kriteriepoäng", "Kalibrerat medel")
COL_P_FIRST, COL_INTERVAL, COL_DECIDED, COL_HISTORY = (
    "P(bäst i klassen)", "Plats, 90 % intervall", "Lika – avgjort av", "Tidigare omgångar")
SEVERITY_HEADER = "Examinatorernas stränghet"
CALIBRATION_SECTIONS = ("Examinatorernas stränghet", "Kalibrerad rangordning", "Tillförlitlighet",
                        "Störst oenighet")
SEVERITY_NOTE = ("Modell: poäng = enhetens nivå + examinatorns effekt + slump, skattad på alla individuella "
                 "bedömningar i omgången – samma modell som rangordningens bästa skattning. Effekterna krymps mot "
                 "noll: en examinator med få bedömningar dras mot genomsnittet. Spridningen mellan enheter och "
                 "mellan examinatorer vägs samman med de senaste (högst tre) signerade omgångarna, som tillsammans "
                 "aldrig väger mer än den här omgången. **Mildhet (+)** betyder att examinatorn i snitt ger högre poäng än en "
                 "genomsnittlig examinator, **stränghet (−)** lägre. Strecken visar 95 % osäkerhetsintervall.")
POOLED_WITH = ("Spridningarna i modellen är skattade tillsammans med {years}: {cycles} med signerade beslut.")
POOLED_NONE = ("Det finns ingen tidigare omgång med signerade beslut: spridningarna i modellen är skattade från den "
               "här omgången ensam.")
COMPARISON_HEADER = "Kalibrerad rangordning bredvid slutpoängens"
COMPARISON_NOTE = ("Kalibrerat medel = enhetens medel av de individuella poängen, justerat för examinatorernas "
                   "stränghet. Enheter som får en annan plats markeras.")
MOVED_COUNT = "{n} av {total} enheter får en annan plats när poängen kalibreras."
NO_MOVES = "Ingen enhet byter plats när poängen kalibreras."
RELIABILITY_HEADER = "Tillförlitlighet mellan examinatorer"
RELIABILITY_METHOD = "Metod: **{method}**."
RELIABILITY_CLASS = "Per tävlingsklass (viktad totalpoäng)"
RELIABILITY_CRITERION = "Per kriterium och klass"
DISAGREEMENT_HEADER = "Störst oenighet"
DISAGREEMENT_NOTE = "Team och kriterier där examinatorernas poäng skiljer sig mest (högsta minus lägsta poäng)."
DECISION_STATUS = {"unsigned": ":orange[:material/edit: Ej signerade]",
                   "signed": ":green[:material/lock: Signerade och låsta]",
                   "reopened": ":orange[:material/lock_open: Öppnade igen efter signering]"}
DECISION_SIGNED_BY = "Signerade {date} av {name}."
DECISION_PHASE = "Förslag och signering görs i fasen beslut. Omgången {year} är i fasen {phase}."
DECISION_RECUSED = "Jäv i klassen: {names}. De kan inte föreslå eller ändra klassens beslut."
DECISION_YOU_RECUSED = "Du har jäv i klassen: din förvaltning har en enhet här. Du ser klassen men kan inte ändra beslutet."
DECISION_CURRENT = "Registrerat beslut"
DECISION_NONE = "Inget beslut är registrerat för klassen ännu."
DECISION_NO_WINNER = "Ingen vinnare i klassen."
DECISION_UPDATED = "Senast ändrat {when} av {who}."
DECISION_EDIT = "Kommitténs förslag"
DECISION_WINNERS = "Vinnare (ingen, en eller flera)"
DECISION_HONOURABLE = "Hedersomnämnanden (valfritt)"
DECISION_MOTIVATION = "Klassens motivering"
DECISION_MOTIVATION_HELP = ("Gäller varje vinnare som inte får en egen motivering nedan. Krävs när klassen inte "
                            "får någon vinnare: skriv då varför. Ett hedersomnämnande får aldrig klassens motivering.")
DECISION_PRIZE = "Prisbelopp för {unit} (kr)"
DECISION_OWN_MOTIVATION = "Motivering för vinnaren {unit}"
DECISION_OWN_MOTIVATION_HELP = "Krävs, om inte klassens motivering ovan ska gälla. Lämna tom för att använda den."
DECISION_MENTION_MOTIVATION = "Motivering för hedersomnämnandet av {unit} (valfri)"
DECISION_MENTION_MOTIVATION_HELP = "Lämnas den tom skrivs hedersomnämnandet ut utan motivering."
DECISION_CLASS_MOTIVATION = "Klassens motivering:"
SIGNED_CHANGES_NOTE = ("Uppgifter har ändrats efter signeringen. Vinnarlistan, diplomen och programmet visar det "
                       "som signerades; ändringarna står här bredvid och förs inte in i dem.")
SIGNED_CHANGES_COLUMNS = ("Klass", "Enhet (signerad)", "Uppgift", "Vid signeringen", "Nu")
DECISION_SAVE = "Spara förslag"
DECISION_SAVED = "Förslaget för {klass} är sparat."
DECISION_TOP = "Klassens rangordning"
SIGN_HEADER = "Ordförandens signering"
SIGN_MISSING = "Klasser utan beslut: {names}. Alla klasser behöver ett beslut innan besluten kan signeras."
SIGN_CONFIRM = "Jag har granskat besluten i alla klasser"
SIGN_BUTTON = "Signera besluten"
SIGNED_DONE = "Besluten är signerade och låsta."
SIGN_ONLY_CHAIR = "Endast ordföranden (stadsdirektören) signerar besluten."
REOPEN_DECISIONS = "Öppna besluten igen"
REOPEN_DECISIONS_REASON = "Skäl (krävs, sparas i loggen)"
REOPENED_DECISIONS = "Besluten är öppnade igen. De behöver signeras på nytt."
WINNER_LIST_SIGNED = "Vinnarlista – signerad"
WINNER_LIST_DRAFT = "Vinnarlista – UTKAST (inte signerad)"
REOPENINGS_HEADER = "Tidigare öppningar av besluten"
STATS_PARTICIPATION = "Deltagande per förvaltning mot mål"
STATS_PICK_ORG = "Förvaltning eller bolag"
STATS_ALL_ORGS = "Hela staden"
STATS_CLASSES = "Deltagande per tävlingsklass"
STATS_DISTRIBUTIONS = "Fördelning av totalpoäng"
STATS_KIND = "Diagramtyp"
STATS_SEVERITY = "Examinatorernas stränghet över åren"
STATS_SECTIONS = ("Deltagande per förvaltning", "Deltagande per klass", "Totalpoäng", "Examinatorernas stränghet")
STATS_PICK_EXAMINERS = "Examinatorer"
STATS_SEVERITY_NOTE = ("Skattad för varje omgång för sig. Jämför bara inom samma omgång och grupp av examinatorer "
                       "som delat bidrag (se Kalibrering och tillförlitlighet).")

# -- Ceremoni och export (issue 6) ----------------------------------------------------------------
CEREMONY_TITLE = "Ceremoni och export"
CEREMONY_WHEN = "Prisutdelning {date} i {place}."
CEREMONY_SIGNED = "Besluten signerades {date} av {name}. Filerna nedan är slutliga."
CEREMONY_UNSIGNED = ("Domarkommitténs beslut för {year} är inte signerade av stadsdirektören ännu. Vinnarlista, "
                     "diplom och program kan bara hämtas som utkast, märkta UTKAST på varje sida.")
CEREMONY_UNDECIDED = "Klasser utan beslut ännu: {classes}."
CEREMONY_COUNTS = "{winners} vinnare och {mentions} {mention_word}."
MENTION_WORDS = {True: "hedersomnämnande", False: "hedersomnämnanden"}
CEREMONY_AWARDS_HEAD = "Beslut per klass"
CEREMONY_DECISION, CEREMONY_PRIZE = "Beslut", "Prischeck"
CEREMONY_FILES_HEAD = "Filer för prisutdelningen"
CEREMONY_FILES_DRAFT_HEAD = "Utkast för prisutdelningen"
CEREMONY_FILES_HELP = "Varje fil skapas när du klickar på knappen."
CEREMONY_DOCS = {"vinnarlista": "Vinnarlista (PDF)", "diplom": "Diplom (PDF)", "program": "Program (PDF)"}
CEREMONY_DOC_HELP = {"vinnarlista": "Vinnare, hedersomnämnanden, motiveringar och prischeckar per klass.",
                     "diplom": "Ett diplom per vinnande enhet, A4 liggande, i en PDF.",
                     "program": "Klasserna i ordning med utdelare och vinnare."}
CEREMONY_DRAFT_DOCS = {"vinnarlista": "Utkast till vinnarlista (PDF)", "diplom": "Utkast till diplom (PDF)",
                       "program": "Utkast till program (PDF)"}
CEREMONY_NO_DIPLOMAS = "Inga vinnare ännu – inga diplom att skapa."
ARCHIVE_HEAD = "Arkiv: resultaten"
ARCHIVE_HELP = ("Ett blad per klass (placering, enhet, förvaltning, slutpoäng och källa per kriterium, viktad "
                "totalpoäng, utmärkelse) och blad med alla individuella poäng, konsensuspoäng, platsbesök och beslut.")
ARCHIVE_XLSX = "Resultat (Excel)"
ARCHIVE_CSV = "Resultat (CSV, zip)"
PRESENTERS_HEAD = "Utdelare per klass"
PRESENTERS_HELP = "Vem delar ut priset i varje klass? Namnen står i programmet. Lämna tomt om det inte är bestämt."
PRESENTERS_SAVE = "Spara utdelare"
PRESENTERS_SAVED = "Utdelarna är sparade ({n} ändrade)."
PRESENTERS_UNCHANGED = "Inget ändrades."
CHANGE_REGISTRATION = "Byt klass eller ta tillbaka en anmälan"
CHANGE_CLASS_BUTTON = "Byt klass"
CLASS_CHANGED = "Enheten är flyttad till den nya klassen."
WITHDRAW_REASON = "Skäl till att anmälan tas tillbaka"
WITHDRAW_BUTTON = "Ta tillbaka anmälan"
WITHDRAWN = "Anmälan är borttagen."
NOT_REGISTERED = "Ej anmäld"

# -- Konton (kansliet hanterar konton) --------------------------------------------------------------
ACCOUNTS_TITLE = "Konton"
ACCOUNTS_INTRO = ("Alla som kan logga in i verktyget. Här skapar kansliet konton, sätter lösenord (t.ex. för "
                  "inlästa examinatorer), stänger av och aktiverar konton och låser upp konton som låsts efter "
                  "för många misslyckade inloggningar.")
ACCOUNTS_COUNTS = "Konton: {total} · avstängda: {inactive} · låsta: {locked} · saknar lösenord: {needs}"
ACCOUNTS_COLUMNS = {"username": "Användarnamn", "display_name": "Namn", "role_name": "Roll",
                    "organisation": "Förvaltning/bolag", "active": "Aktivt", "locked": "Låst",
                    "needs_password": "Saknar lösenord"}
ACCOUNTS_TABS = ("Nytt konto", "Nytt lösenord", "Stäng av, aktivera eller lås upp")
ACCOUNT_USERNAME_HELP = "Små bokstäver a–z, siffror, punkt, bindestreck och understreck, t.ex. anna.svensson."
ACCOUNT_NAME = "Namn"
ACCOUNT_NAME_HELP = "För- och efternamn, som det ska synas i verktyget."
ACCOUNT_ROLE = "Roll"
ACCOUNT_ORG = "Förvaltning eller bolag"
ACCOUNT_ORG_HELP = ("Behövs för examinatorer, utvärderingsledare och kommittéledamöter: ingen bedömer eller "
                    "beslutar om enheter i sin egen förvaltning eller sitt eget bolag (jäv).")
ACCOUNT_NO_ORG = "Ingen (t.ex. kansliet)"
ACCOUNT_PASSWORD = "Lösenord (minst {n} tecken)"
ACCOUNT_PASSWORD_AGAIN = "Lösenordet igen"
ACCOUNT_CREATE = "Skapa konto"
ACCOUNT_CREATED = "Kontot {username} ({role}) är skapat. Lämna lösenordet till personen på ett säkert sätt."
PASSWORDS_DIFFER = "Lösenorden är inte lika. Skriv samma lösenord i båda fälten."
ACCOUNT_PICK = "Konto"
ACCOUNT_TAGS = {"needs_password": "saknar lösenord", "inactive": "avstängt", "locked": "låst"}
ACCOUNTS_NEED_PASSWORD = ("{n} av kontona saknar lösenord och kan inte logga in (t.ex. inlästa "
                          "examinatorer). De står först i listan under fliken Nytt lösenord.")
PASSWORD_HELP = ("Ett nytt lösenord låser också upp kontot. Kontots sparade inloggningar avslutas; den som är "
                 "inloggad loggar in med det nya lösenordet.")
PASSWORD_NEW = "Nytt lösenord (minst {n} tecken)"
PASSWORD_NEW_AGAIN = "Nytt lösenord igen"
PASSWORD_SET_BUTTON = "Sätt lösenord"
PASSWORD_SET_DONE = "Lösenordet för {username} är satt."
STATUS_HELP = ("Ett avstängt konto kan inte logga in, och den som är inloggad loggas ut vid nästa klick. "
               "Bedömningar och granskningsloggen finns kvar. Ett låst konto låses annars upp av sig självt "
               "efter {minutes} minuter.")
DEACTIVATE_BUTTON = "Stäng av"
ACTIVATE_BUTTON = "Aktivera"
UNLOCK_BUTTON = "Lås upp"
ACCOUNT_DEACTIVATED = "Kontot {username} är avstängt."
ACCOUNT_ACTIVATED = "Kontot {username} är aktivt."
ACCOUNT_UNLOCKED = "Kontot {username} är upplåst."
ACCOUNT_PICK_PLACEHOLDER = "Välj ett konto"
ACCOUNT_NOT_PICKED = "Välj först vilket konto det gäller."

# Översikt: att göra nu
TODO_TITLE = "Att göra nu"
DUE_AHEAD = "senast {when} (om {days} dagar)"
DUE_TOMORROW = "senast {when} (i morgon)"
DUE_TODAY = "senast {when} (i dag)"
DUE_PASSED = "senast {when} (passerad för {days} dagar sedan)"
TODO_ASSESS = "**{left} av {total} bedömningar** kvar att skicka in, {deadline}"
TODO_ASSESS_DONE = ":green[:material/check_circle:] Alla {total} bedömningar är inskickade."
TODO_CONSENSUS = "**{left} konsensus** att leda ({ready} kan öppnas nu), {deadline}"
# phase → (page url, what the link says)
TODO_ADMIN = {"registration": ("enheter", "Anmälningar och nämndbeslut"),
              "assessment": ("framsteg", "Följ bedömningarna"), "consensus": ("framsteg", "Följ konsensus"),
              "site_visit": ("platsbesok", "Platsbesök"), "decision": ("beslut", "Domarkommitténs beslut"),
              "closed": ("ceremoni", "Ceremoni och export")}
TODO_COMMITTEE = {"site_visit": ("platsbesok", "Välj och följ platsbesöken"),
                  "decision": ("beslut", "Rangordna och besluta")}
TODO_COMMITTEE_OTHER = ("rangordning", "Rangordningen")

# Placeholder of a multiselect with nothing chosen (Streamlit would say "Choose options")
CHOOSE = "Välj …"

# Addresses that do not name a page or an item of the user's (shell.query_choice, shell.main)
QUERY_NO_SUBMISSION = "Bidraget finns inte eller är inte ditt."
QUERY_NO_CYCLE = "Omgången i adressen finns inte. Den senaste omgången visas i stället."
QUERY_NO_CLASS = "Tävlingsklassen i adressen finns inte. Den första klassen visas i stället."
PAGE_UNKNOWN = "Sidan i adressen finns inte eller hör inte till din roll. Här är din startsida i stället."

# Byt lösenord (every role)
CHANGE_PW_TITLE = "Byt lösenord"
CHANGE_PW_HELP = ("Ange ditt nuvarande lösenord och ett nytt med minst {length} tecken. "
                 "Dina inloggningar i andra webbläsare avslutas när lösenordet är bytt.")
CHANGE_PW_CURRENT = "Nuvarande lösenord"
CHANGE_PW_NEW = "Nytt lösenord"
CHANGE_PW_REPEAT = "Nytt lösenord igen"
CHANGE_PW_BUTTON = "Byt lösenord"
CHANGE_PW_DONE = "Lösenordet är bytt."
CHANGE_PW_DONE_ENDED = "Lösenordet är bytt. Dina andra inloggningar ({count}) är avslutade."


# h5: the first cycle from an empty database, Översikt's first steps (issue 13.1, 13.4)
FEEDBACK_NO_SUBMISSIONS = ("Omgången {year} har inga anmälda bidrag ännu. Återföringsrapporterna går att ta fram "
                           "när enheterna är anmälda och bedömda.")
FIRST_CYCLE_HEAD = "Skapa den första omgången"
FIRST_CYCLE_HELP = ("Databasen har ingen omgång ännu. Välj år och den regelbok som omgången utgår från: "
                    "tävlingsklasser, kriterier och vikter, poängskala och datum. Datumen flyttas till det valda "
                    "året. Allt går att ändra efteråt på den här sidan.")
NEW_CYCLE_FROM_FILE_HEAD = "Eller skapa omgången från en regelbok"
NEW_CYCLE_YEAR = "Omgångens år"
NEW_CYCLE_RULEBOOK = "Regelbok"
NEW_CYCLE_UPLOAD = "Eller läs in en egen regelfil (TOML), som i så fall används i stället"
NEW_CYCLE_BUTTON = "Skapa omgången"
NEW_CYCLE_DONE = "Omgången {year} är skapad från {source}. Kontrollera datum, klasser och kriterier."
FIRST_STEPS_TITLE = "Kom igång: årets första steg"
FIRST_STEPS_FOR = "Omgången {year} är i fasen anmälan. Bocka av stegen uppifrån och ned; varje steg länkar till sin sida."
FIRST_STEPS_EMPTY = "Databasen är tom. Börja med att skapa årets omgång; varje steg länkar till sin sida."
FIRST_STEPS = {
    "cycle": ("omgang", "Skapa omgången: år, tävlingsklasser, kriterier och datum"),
    "units": ("import", "Läs in enheterna och anmäl dem till omgången"),
    "decided": ("enheter", "Registrera nämndernas och styrelsernas beslut om anmälan"),
    "examiners": ("import", "Läs in examinatorerna"),
    "passwords": ("konton", "Ge examinatorerna lösenord"),
    "documents": ("tavlingsbidrag", "Ladda upp tävlingsbidragen (PDF)"),
    "teams": ("team", "Bygg examinatorsteamen"),
    "started": ("omgang", "Flytta omgången till individuell bedömning"),
}
FIRST_STEPS_DETAIL = {
    "units": ("{submissions} anmäld", "{submissions} anmälda"),
    "decided": ("{decided} av {submissions}",) * 2,
    "examiners": ("{examiners} examinator", "{examiners} examinatorer"),
    "passwords": ("{with_password} av {examiners}",) * 2,
    "documents": ("{documents} av {submissions}",) * 2,
    "teams": ("{staffed} av {submissions}",) * 2,
}
FIRST_STEPS_COUNT = {"units": "submissions", "examiners": "examiners", "passwords": "examiners",
                     "decided": "submissions", "documents": "submissions", "teams": "submissions"}
FIRST_STEP_DONE = " (klart)"
CLASS_NO_SUBMISSIONS = "Inga bidrag är anmälda i den här klassen."
DUE_NONE = "inget datum satt"
NO_CYCLE_OTHERS = "Kansliet har inte skapat årets omgång ännu. Sidorna fylls när omgången finns."

# Long lists drawn for hundreds of rows (issue 16): a chart of the top N, the rest in a searchable table.
PERF_SECTIONS = "Visa"
PERF_SEARCH = "Sök enhet eller examinator"
PERF_SEARCH_HELP = "Skriv en del av namnet; stora och små bokstäver spelar ingen roll."
PERF_ROWS_SHOWN = "Visar de första {shown} av {total} raderna. Sök eller filtrera för att se andra."
PERF_ROWS_NONE = "Inga rader matchar sökningen."
PERF_EXAMINER_CHART_TOP = ("Diagrammet visar de {shown} examinatorer som har flest bedömningar kvar (av {total}). "
                           "Alla finns i tabellen under diagrammet.")
PERF_RANK_CHART_TOP = "Diagrammet visar de {shown} första av {total} enheterna. Alla finns i tabellen ovan."
PERF_SEVERITY_CHART_TOP = ("Diagrammet visar de {each} mildaste och de {each} strängaste av {total} examinatorer. "
                           "Alla finns i tabellen under diagrammet; sök i den med förstoringsglaset.")
PERF_FILTER_CLASS = "Tävlingsklass"
PERF_ALL_CLASSES = "Alla klasser"
PERF_REOPEN_SHOWN = ("Listan visar de första {shown} av {total} inskickade bedömningarna i urvalet ovan. "
                     "Välj klass eller sök för att hitta andra.")

# The practice case (övningsfall, issue 18).
PRACTICE_TITLE = "Övningsfall"
PRACTICE_NOT_COUNTED = "Övningsfall – räknas inte in i resultatet"
PRACTICE_INTRO = ("Alla examinatorer bedömer samma påhittade bidrag innan det riktiga arbetet börjar, med samma "
                  "fem kriterier, frågor och skala. När du har skickat in ser du hur du ligger mot kansliets "
                  "referens. Ingen annan examinator ser dina poäng.")
PRACTICE_NO_CYCLE = "Ingen omgång finns ännu."
PRACTICE_ATTEMPT = "Försök {attempt}"
PRACTICE_RESCORE_ASKED = ("Kansliet har bett dig bedöma övningsfallet igen (försök {attempt}). Ditt tidigare "
                          "försök finns kvar.")
PRACTICE_DOWNLOAD = "Ladda ned övningsfallet (PDF)"
PRACTICE_CASE_TEXT = "Övningsfallets text"
PRACTICE_DEVIATIONS = "Dina avvikelser från referensen"
PRACTICE_DEVIATIONS_NOTE = ("Plus betyder att du gav fler poäng än referensen (mildare), minus färre "
                            "(strängare). Läs referensens motivering under varje kriterium.")
PRACTICE_YOU_REF = "Du: {own} · Referens: {reference}"
PRACTICE_RATIONALE = "Referensens motivering"
PRACTICE_TOTAL = "Viktat totalt: {total} poäng mot referensen."
PRACTICE_FLAGGED = ("Din avvikelse är stor (i snitt minst {threshold} poäng per kriterium). Läs motiveringarna "
                    "och tänk på det när du bedömer dina bidrag; kansliet kan be dig bedöma fallet igen.")
PRACTICE_CLOSE = "Du ligger nära referensen. Bra!"
PRACTICE_GROUP = "Gruppens fördelning"
PRACTICE_GROUP_NOTE = ("Hur många examinatorer som gav varje poäng ({n} har skickat in). Namnen visas aldrig; "
                       "din egen poäng ingår.")
PRACTICE_GROUP_TOO_FEW = "Fördelningen visas när minst {n} examinatorer har skickat in."
PRACTICE_GROUP_FINDING = "Vanligast på kriterium {criterion}: {score} poäng ({examiners} examinatorer)."
PRACTICE_CRITERION = "Kriterium"
PRACTICE_SCORE = "Poäng"
PRACTICE_EXAMINERS = "Examinatorer"
PRACTICE_TO_REAL = "Vidare till dina tilldelade bidrag"
PRACTICE_SUGGEST = ("Bedöm gärna övningsfallet först: det tar en stund och visar hur du ligger mot referensen "
                    "innan du bedömer de riktiga bidragen.")
PRACTICE_BLOCK = "Omgången kräver att du skickar in övningsfallet innan du bedömer dina tilldelade bidrag."
PRACTICE_GO = "Till övningsfallet"
PRACTICE_DONE_ROW = "Övningsfallet är inskickat · se hur du ligger mot referensen"
# The kansli's page
PRACTICE_ADMIN_TITLE = "Övningsfall (kansli)"
PRACTICE_SECTIONS = ("Fall", "Referens", "Inställningar")
PRACTICE_SECTION_PICK = "Del"
PRACTICE_NONE_YET = "Omgången har inget övningsfall ännu. Skriv in ett nedan eller återanvänd ett tidigare."
PRACTICE_LOCKED_INFO = "Referensen låstes {when} av {who}. Övningen är öppen och fallet kan inte ändras."
PRACTICE_CASE_TITLE = "Rubrik"
PRACTICE_CASE_BODY = "Text (visas för examinatorerna bredvid PDF:en)"
PRACTICE_CASE_PDF = "PDF (valfri)"
PRACTICE_SAVE_CASE = "Spara övningsfallet"
PRACTICE_SAVED = "Övningsfallet är sparat."
PRACTICE_REUSE_PICK = "Återanvänd övningsfallet från omgång"
PRACTICE_REUSE = "Återanvänd"
PRACTICE_REUSED = "Övningsfallet från {year} är kopierat, med referensen. Granska och lås det."
PRACTICE_REF_SCORE = "Referenspoäng för kriterium {number}"
PRACTICE_REF_RATIONALE = "Motivering för kriterium {number}"
PRACTICE_SAVE_REF = "Spara referensen"
PRACTICE_REF_SAVED = "Referensen är sparad."
PRACTICE_LOCK = "Lås referensen och öppna övningen"
PRACTICE_LOCK_HELP = "Därefter kan varken fallet eller referensen ändras, och examinatorerna kan börja."
PRACTICE_LOCKED = "Referensen är låst och övningen öppen."
PRACTICE_LOCK_REAL = "Lås de tilldelade bidragen tills övningsfallet är inskickat"
PRACTICE_LOCK_REAL_HELP = ("Annars (standard) får examinatorerna en tydlig uppmaning att göra övningsfallet "
                           "först, men kan börja med bidragen ändå.")
PRACTICE_THRESHOLD = "Gräns för stor avvikelse (genomsnittlig avvikelse per kriterium, poäng)"
PRACTICE_SAVE_SETTINGS = "Spara inställningarna"
PRACTICE_SETTINGS_SAVED = "Inställningarna är sparade."
PRACTICE_NEED_CASE = "Skriv in övningsfallet först."
PRACTICE_REFEREES = "Seniora examinatorer som får sätta referensen"
PRACTICE_REFEREES_HELP = ("De kan skriva in referenspoäng och motivering på sidan Övningsfall tills kansliet "
                          "låser referensen.")
PRACTICE_SAVE_REFEREES = "Spara de seniora examinatorerna"
PRACTICE_REFEREES_SAVED = "De seniora examinatorerna är sparade."
PRACTICE_REFEREE_INFO = ("Kansliet har utsett dig att sätta referensen för övningsfallet. Ange poäng och "
                         "motivering per kriterium; kansliet låser referensen innan övningen öppnar.")
# The calibration table (kansli and committee)
PRACTICE_TABLE_TITLE = "Övningsfall: kalibrering"
PRACTICE_TABLE_NOTE = ("Varje examinators avvikelse från referensen per kriterium och viktat totalt. Plus är "
                       "mildare, minus strängare. Flaggade examinatorer avviker i snitt minst {threshold} poäng.")
PRACTICE_GROUPS = ("Examinatorgrupper som inte delar något bidrag: {without} utan övningsfallet, {with_} med "
                   "det. Övningsfallet är ett gemensamt bidrag som länkar alla som har gjort det.")
PRACTICE_NOT_DONE = "Har inte gjort övningen: {names}."
PRACTICE_ALL_DONE = "Alla examinatorer har skickat in övningsfallet."
PRACTICE_FLAGGED_COUNT = "{n} examinatorer flaggade för stor avvikelse."
PRACTICE_COL_EXAMINER = "Examinator"
PRACTICE_COL_ATTEMPT = "Försök"
PRACTICE_COL_STATUS = "Status"
PRACTICE_COL_CRITERION = "K{number}"
PRACTICE_COL_MEAN = "Snitt |avvikelse|"
PRACTICE_COL_TOTAL = "Viktat totalt"
PRACTICE_COL_FLAG = "Flagga"
PRACTICE_FLAG_MARK = "Flaggad"
PRACTICE_RESCORE_MARK = "nytt försök"
PRACTICE_STATUS = {"not_started": "Ej påbörjad", "draft": "Utkast", "submitted": "Inskickad"}
PRACTICE_RESCORE_PICK = "Be examinatorn bedöma övningsfallet igen"
PRACTICE_RESCORE = "Be om ny bedömning"
PRACTICE_RESCORED = "{name} ombeds bedöma övningsfallet igen (försök {attempt}). Det tidigare försöket finns kvar."
