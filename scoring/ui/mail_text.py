"""Swedish strings of the Utskick page and the invitation link (kept beside text.py, one module per area;
a word both use is text.py's)."""
from scoring.ui import text

OUTBOX_TITLE = "Utskick"
OUTBOX_INTRO = ("E-post som appen skickar: tilldelningar, påminnelser, konsensus, platsbesök, beslut och "
                "inbjudningar. Varje meddelande innehåller bara namn, datum och länkar, aldrig poäng eller texter.")
OUTBOX_CONFIGURED = "E-post skickas via `{host}:{port}` från `{sender}`."
OUTBOX_COUNTS = "I kö: {queued} · Skickade: {sent} · Misslyckade: {failed} · Oklara: {uncertain}"
OUTBOX_SEND_NOW = "Skicka kön nu"
OUTBOX_STATUS = text.COL_STATUS
OUTBOX_KIND = "Typ"
OUTBOX_ALL = text.AUDIT_ALL
OUTBOX_EMPTY = "Inga utskick matchar filtret."
OUTBOX_RESEND_HEADER = "Skicka igen"
OUTBOX_RESEND_PICK = "Misslyckat eller oklart utskick"
OUTBOX_RESEND_BUTTON = "Lägg i kön igen"
OUTBOX_RESENT = "Utskick nummer {id} ligger i kön igen."
OUTBOX_NOTHING_TO_RESEND = "Inga misslyckade eller oklara utskick."
OUTBOX_COLUMNS = {"id": "Nr", "created_at": "Skapat", "kind": "Typ", "recipient": "Mottagare",
                  "to_address": "Adress", "subject": "Ämne", "status": "Status", "attempts": "Försök",
                  "next_attempt_at": "Nästa försök", "sent_at": "Skickat", "server_answer": "Serverns svar"}
OUTBOX_MAILBOX = "Kansliets brevlåda"

INVITE_HEADER = "Bjud in examinatorer"
INVITE_INTRO = ("Varje inbjuden får ett e-postmeddelande med en engångslänk där hen väljer lösenord. Länken gäller "
                "i 72 timmar och en gång; en ny inbjudan gör den tidigare länken ogiltig.")
INVITE_CYCLE_HELP = ("Omgången vars team listan och knappen för att bjuda in alla gäller (på Utskick även "
                     "påminnelserna). Valet gäller kansliets alla sidor under inloggningen tills du byter.")
INVITE_PICK = "Examinatorer att bjuda in"
INVITE_BUTTON = "Bjud in valda"
INVITE_ALL_BUTTON = "Bjud in alla i omgångens team som inte har loggat in ({count})"
INVITE_DONE = ("{count} inbjudan ligger", "{count} inbjudningar ligger")   # + " i utskickskön."
INVITE_STATE = {"none": "Inte inbjuden", "waiting": "Inbjudan i kön", "open": "Länk skickad, gäller till {until}",
                "used": "Har valt lösenord", "expired": "Länken har gått ut", "replaced": "Ersatt"}
INVITE_COLUMNS = {"display_name": "Namn", "username": "Användarnamn", "email": "E-post",
                  "in_cycle": "I omgångens team", "has_logged_in": "Har loggat in", "state": "Inbjudan"}

REMINDER_HEADER = "Påminnelser"
REMINDER_DAYS = "Dagar före sista dag för bedömningen ({deadline}), med komma emellan"
REMINDER_SAVE = "Spara påminnelsedagar"
REMINDER_SAVED = "Påminnelsedagarna är sparade."
REMINDER_BAD = "Skriv hela dagar med komma emellan, t.ex. 7, 2."
REMINDER_HELP = "`kvalitet remind` lägger påminnelser i kön de dagarna, en gång per examinator och dag."

INVITATION_TITLE = "Välj ditt lösenord"
INVITATION_REFUSED_TITLE = "Inbjudan"
INVITATION_WELCOME = "Välkommen, {name}! Ditt användarnamn är **{username}**. Välj ett lösenord med minst 10 tecken."
INVITATION_PASSWORD = text.PASSWORD
INVITATION_REPEAT = text.ACCOUNT_PASSWORD_AGAIN
INVITATION_SAVE = "Spara lösenord"
INVITATION_DONE = "Lösenordet är sparat. Logga in med användarnamnet {username}."
INVITATION_TO_LOGIN = "Till inloggningen"
