"""Swedish UI strings. Domain error messages live beside their rules in the core."""
APP_TITLE = "Kvalitetsutmärkelsen"
APP_SUBTITLE = "Stockholms stads kvalitetsutmärkelse – arbetsverktyg för kansli, examinatorer och domarkommitté"
LOGIN_HEADER = "Logga in"
USERNAME = "Användarnamn"
PASSWORD = "Lösenord"
LOGIN_BUTTON = "Logga in"
LOGOUT = "Logga ut"
LOGGED_OUT_IDLE = "Du loggades ut efter {minutes} minuters inaktivitet. Logga in igen."
DEMO_HINT = "Demodatabas: logga in som t.ex. **examinator1**, **admin**, **kommitte1** eller **stadsdirektor** med lösenordet **demo**."
SIGNED_IN_AS = "Inloggad som **{name}** · {role}"
NO_CYCLE = "Det finns ingen omgång i databasen ännu."

STATUS = {"not_started": "Ej påbörjad", "draft": "Utkast", "submitted": "Inskickad"}
# Material icons in Streamlit markdown: they render without an emoji font.
STATUS_BADGE = {"not_started": ":gray[:material/radio_button_unchecked: Ej påbörjad]",
                "draft": ":orange[:material/edit: Utkast]",
                "submitted": ":green[:material/check_circle: Inskickad]"}

# Mina bedömningar
MY_TITLE = "Mina bedömningar"
MY_EMPTY = "Du har inga tilldelade bidrag i omgången {year}."
MY_PROGRESS = "{submitted} av {total} bedömningar inskickade"
MY_OPEN = "Öppna"
COL_UNIT, COL_CLASS, COL_ORG, COL_STATUS, COL_SCORED, COL_ROLE = (
    "Enhet", "Tävlingsklass", "Förvaltning/bolag", "Status", "Bedömda kriterier", "Din roll")
ROLE_LEAD, ROLE_MEMBER = "Utvärderingsledare", "Examinator"

# Bedöm bidrag
SCORE_TITLE = "Bedöm bidrag"
SCORE_PICK = "Välj ett bidrag att bedöma"
SCORE_SUBMISSION_TEXT = "Tävlingsbidraget"
SCORE_CRITERIA = "Bedömning per kriterium"
SCORE_GUIDANCE = "Vägledande frågor och poängskala"
SCORE_INPUT = "Poäng ({min}–{max}, steg om {step})"
SCORE_PLACEHOLDER = "Ej satt"
STRENGTHS = "Styrkor"
IMPROVEMENTS = "Förbättringsområden"
SAVE_DRAFT = "Spara utkast"
SUBMIT = "Skicka in"
SAVED = "Utkastet är sparat (version {version})."
SUBMITTED = "Bedömningen är inskickad och låst."
LOCKED_INFO = "Bedömningen är inskickad och låst. Kontakta kansliet om något behöver ändras."
INDEPENDENT_INFO = "Du bedömer självständigt. Andra examinatorers poäng visas inte förrän konsensussteget."
WEIGHT = "vikt {weight:g} %"
BAND = "Poäng"
DESCRIPTOR = "Beskrivning"
NEWER_VALUES = "Nyare sparade värden (version {version})"
BACK_TO_LIST = "← Mina bedömningar"

# Kansliets översikt över bedömningar
ADMIN_ASSESSMENTS_TITLE = "Bedömningar"
REOPEN = "Öppna igen"
REOPEN_REASON = "Skäl till att bedömningen öppnas igen"
REOPENED = "Bedömningen är öppnad igen och kan ändras av examinatorn."

# Översikt
START_TITLE = "Översikt"
