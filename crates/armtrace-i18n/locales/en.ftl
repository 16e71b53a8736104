# armtrace — English. Every message here must exist in ar, zh, fr, ru and es too
# (crates/armtrace-i18n/tests/catalog.rs fails otherwise). Variables: { $name }.

## Formats (chrono strftime patterns; month names come from the locale)
date-format = %-d %B %Y
date-time-format = %-d %B %Y, %H:%M UTC
month-format = %b %Y

## Frame
skip-to-content = Skip to content
nav-label = Main menu
nav-dashboard = Dashboard
nav-search = Search
nav-register = Register a weapon
nav-import = Import
nav-holders = Holders
nav-users = Users
nav-access-log = Access log
nav-integrity = Integrity check
language = Language
language-change = Change
logout = Log out
footer = armtrace — records kept as evidence under the UN Programme of Action and the International Tracing Instrument.
pages = Pages
page-next = Next page
page-previous = Previous page
page-older = Older entries

## Errors
error-not-found-title = Not found
error-not-found = There is no such page or record.
error-forbidden-title = Not allowed
error-forbidden = Your role ({ $role }) may not do this. Ask an administrator if you need it.
error-csrf-title = Form expired
error-csrf = This form was not sent from this session (it may be from an old page or another site). Nothing was changed.
error-try-again = Try again
error-request-title = The request cannot be read
error-internal-title = Something went wrong
error-internal = The server failed. Nothing was changed; try again, and tell your administrator if it happens again.
form-has-errors = Some fields need correcting: see the messages beside them.
form-field-needed = Fill this in together with the field it belongs to, or leave both empty.

## Login and setup
login-title = Log in
login-username = Account name
login-password = Password
login-submit = Log in
login-help = No account yet? Your administrator creates it. The first administrator is created on the server with: armtrace user add NAME --role administrator
login-failed = Wrong account name or password.
login-locked = Too many failed logins: this account is locked for a while.
login-wait = A login failed just now: wait { $seconds } seconds before trying again.
login-created = The account was created: log in with it.
setup-title = Create the first administrator
setup-intro = This link works once, while armtrace has no account. The administrator you create here then creates the accounts of the officers.
setup-password = Password (at least 12 characters)
setup-password-again = Password again
setup-submit = Create the administrator
setup-mismatch = The two passwords differ.
account-invalid-name = An account name is 1 to 64 letters, digits, ".", "_", "-" or "@".
account-weak-password = A password has at least 12 characters and differs from the account name.
account-exists = This account name is taken.

## Dashboard
dashboard-title = Dashboard
dashboard-figures = Key figures
dashboard-weapons = weapons
dashboard-holders = holders
dashboard-entries = ledger entries
dashboard-to-mark = to be marked or destroyed
dashboard-by-status = Weapons by status
dashboard-by-category = Weapons by category
dashboard-by-agency = Weapons by agency
dashboard-col-status = Status
dashboard-col-category = Category
dashboard-col-agency = Agency
dashboard-col-weapons = Weapons
dashboard-col-month = Month
dashboard-col-events = Events
dashboard-total = Total
dashboard-no-holder = No holder
dashboard-other-holders = Other holders
dashboard-events-per-month = Events per month (last 24 months, by the date they happened)
dashboard-chart-caption = Highest month: { $max } events.
dashboard-chart-table = The same figures as a table
dashboard-recent = Recent activity
col-recorded = Recorded
col-by = By
col-record = Record
col-weapon = Weapon
record-registered = Registered
record-holder = Holder { $code } registered

## Search
search-title = Marking search
search-label = Marking as read
search-submit = Search
search-hint = Type what you can read. ? is one unreadable character, * a run of them, ~1 allows one misread.
search-help = How to write a search
help-intro = Case, spaces, dashes, look-alike letters of other scripts and digits in other scripts do not matter. Common misreads (0/O, 1/I, 5/S, 8/B…) are found too.
help-col-query = You type
help-col-means = It finds
help-plain = the marking KR1234, KR-1234, kr 1234…
help-unreadable = one unreadable character in place of ?
help-run = a marking whose beginning is gone
help-edit = the marking with up to one misread beyond the usual confusions
help-scripts = Cyrillic, Latin look-alikes and Arabic-Indic digits alike
help-filters = filters: manufacturer, years of manufacture, and the marking
help-status = weapons seized or lost, made in Russia
help-filters-list = Filters: make:, model:, calibre:, category:, country: (ISO code), year: (1990, 1980-1990), status: (seized,lost).
search-invalid = The search cannot be read: { $detail }
search-results = { $n ->
    [one] One weapon for “{ $query }”
   *[other] { $n } weapons for “{ $query }”
}
search-none = No weapon matches. Try fewer characters, ? for what you cannot read, or ~1.
search-why = Why it matched
search-score = score { $score }
why-exact = the marking exactly as read
why-normalised = the same marking, written differently (case, separators, digit script)
why-look-alike = { $stored } read as the look-alike { $read } at position { $pos }
why-confusion = { $stored } read as { $read } at position { $pos } (a common misread)
why-unreadable = the unreadable character at position { $pos } is { $stored }
why-unreadable-run = { $n ->
    [0] the unreadable run at position { $pos } is empty
    [one] the unreadable run at position { $pos } is { $stored }
   *[other] the unreadable run at positions { $pos }–{ $end } is { $stored }
}
why-misread = { $stored } read as { $read } at position { $pos } (a misread)
why-missing = { $stored } at position { $pos } is missing from what was read
why-extra = { $read }, read before position { $pos }, is not on the marking
why-transposed = { $stored } at position { $pos } read in the other order

## Weapon
weapon-serial = Serial number
weapon-category = Category
weapon-calibre = Calibre
weapon-made = Made in
weapon-status = Status
weapon-holder = Holder
weapon-location = Location
weapon-id = Weapon id
weapon-markings = Markings
weapon-no-markings = No marking is recorded.
weapon-history = History
weapon-record-event = Record an event
weapon-open = open
weapon-recorded = The event was recorded (ledger entry #{ $seq }).
weapon-registered = The weapon was registered (ledger entry #{ $seq }).
weapon-already-present = This weapon was registered before under the same markings: nothing new was written. Here is its record.
weapon-to-mark = To be marked or destroyed (Programme of Action II.8):
history-holder = Holder:
history-country = Country:
history-location = Place:
history-document = Document:
history-marking = Marking:
history-method = Method:
history-corrects = Corrects entry
history-void = struck out
history-superseded = Corrected by a later entry.
history-status-at-registration = Status at registration:
history-recorded = Recorded { $at } by { $by }

## Record an event
event-title = Record an event on { $serial }
event-back = Back to the weapon
event-what = What happened
event-kind = Event
event-occurred = Date it happened
event-occurred-hint = The day (YYYY-MM-DD), not the day you record it.
event-holder = Holder after the event (code)
event-holder-hint = The agency, unit or person answerable for the weapon afterwards: start typing a code.
event-location = Place
event-country = Other country (ISO code)
event-country-hint = For an export: the destination; for an import: the origin. Two letters, e.g. KE.
event-document = Document it rests on
event-document-kind = Kind of document
event-document-ref = Document number
event-marking = Marking applied
event-marking-hint = For an import or a (re-)marking: the marking as stamped.
event-marking-kind = Kind of marking
event-marking-place = Place on the weapon
event-marking-text = Text as stamped
event-marking-country = Country of the marking (ISO code)
event-marking-year = Year of the marking
event-destruction = Destruction
event-method = Method of destruction
event-correction-legend = Correction
event-correction-hint = A correction never changes the earlier entry: it is a new entry that says what was wrong and why.
event-corrects = Entry corrected
event-reason = Reason for the correction
event-void = Strike the corrected entry out (it should never have been recorded)
event-notes = Notes
event-submit = Record

## Register a weapon
register-title = Register a weapon
register-intro = The same checks as a CSV import apply. A weapon without a serial number or a country of manufacture is registered and listed as "to be marked or destroyed".
register-weapon = The weapon
register-category = Category
register-make = Make (manufacturer)
register-model = Model
register-calibre = Calibre
register-calibre-hint = As marked, e.g. 7.62x39mm or 9x19mm.
register-serial = Serial number
register-serial-hint = Exactly as stamped, in its own script (e.g. ЦП 0242).
register-country = Country of manufacture (ISO code)
register-country-hint = Two letters, e.g. RU, BE, US.
register-year = Year of manufacture
register-marking-warning = Without a serial number and a country of manufacture this weapon is not adequately marked: it will be listed as "to be marked or destroyed" (Programme of Action II.8).
register-import = Import marking
register-import-marking = Import marking as read
register-import-hint = The marking applied on import (International Tracing Instrument 8(b)), if any.
register-import-country = Country of import (ISO code)
register-import-year = Year of import
register-holding = Holding
register-holder = Holder (code)
register-holder-hint = The agency, unit or depot answerable for it: start typing a code.
register-status = Status at registration
register-registered-on = Registered on
register-registered-on-hint = Leave empty for today; for old paper records, the day of the book entry.
register-markings = Further markings
register-markings-hint = One per line or separated by ";", as kind/place=text, e.g. remarking/barrel=KE-2020-001.
register-submit = Register

## Import
import-title = Import a CSV file
import-intro = Weapons, event histories (for example a closed dealer's books) or holders. Valid rows are stored, invalid rows are listed in a report; importing the same file twice adds nothing.
import-kind = What the file holds
import-kind-weapons = Weapons (weapons.csv)
import-kind-events = Event histories (events.csv)
import-kind-holders = Holders (holders.csv)
import-file = File (CSV, UTF-8)
import-file-hint = The columns are described in the import format guide. At most 256 MiB.
import-submit = Import
import-scoped = Importing is for officers of the whole registry. Your account is scoped to one agency: use the forms instead.
import-too-large = The file is larger than 256 MiB: split it.
import-unreadable = The upload could not be read: try again.
import-no-kind = Say what the file holds.
import-empty = The file is empty.
import-job-title = Import of { $file }
import-running = Importing: { $percent } % read after { $seconds } s.
import-refresh = This page refreshes by itself. You may leave it: the import goes on.
import-failed = The import could not run: { $detail }. Rows of batches already finished are kept; nothing else was written.
import-done = The import is finished.
import-rows = Rows read
import-written = Rows stored
import-present = Already in the registry
import-rejected = Rows rejected
import-report = Rejected rows
import-report-intro = Each rejected row with the column, the value and the rule it breaks. Correct them and import the file again.
import-report-download = Download the whole report (CSV)
import-col-row = Row
import-col-column = Column
import-col-value = Value
import-col-reason = Rule
import-more-rejected = { $n } more rejected rows are in the downloadable report.
import-again = Import another file

## Holders
holders-title = Holders and agencies
holders-intro = { $n } holders: agencies with their units and depots, manufacturers, dealers and licensed civilians.
holders-code = Code
holders-name = Name
holders-kind = Kind
holders-country = Country
holders-licence = Licence
holders-weapons = Weapons held

## Users
users-title = Users and roles
users-name = Account
users-role = Role
users-agency = Agency
users-language = Language
users-created-at = Created
users-whole-registry = Whole registry
users-new = New account
users-agency-hint = An officer scoped to an agency records only on the weapons of that agency and its units.
users-submit = Create the account
users-created = The account { $name } was created.
users-bad-role = Choose a role.
users-bad-agency = No holder has this code.

## Access log
log-title = Access log
log-intact = The access log is unbroken ({ $n } entries checked).
log-broken = The access log is broken: { $detail }
log-filter = Find in the log (account, action, weapon, address)
log-filter-submit = Find
log-at = When
log-who = Account
log-action = Action
log-target = On what
log-client = From
log-outcome = Outcome

## Integrity
integrity-title = Integrity check
integrity-intro = Walks the whole chain of records and the access log, checks every hash, and derives every weapon's state again from its history.
integrity-run = Run the check
integrity-intact = The registry is intact: no record was changed, inserted or removed.
integrity-broken = The registry is NOT intact: see the problems below, and keep a backup before anything else.
integrity-entries = Ledger entries
integrity-weapons = Weapons compared
integrity-holders = Holders compared
integrity-log = Access log entries
integrity-head = Head of the chain
integrity-seconds = Seconds
integrity-problems = Problems found
integrity-head-hint = Write the head hash down outside armtrace: verify --expect-head then proves that the chain was not rewritten since.

## Roles
role-administrator = Administrator
role-registry_officer = Registry officer
role-licensing_officer = Licensing officer
role-stockpile_manager = Stockpile manager
role-investigator = Investigator
role-point_of_contact = Point of contact
role-auditor = Auditor

## Statuses
status-in_service = In service
status-in_stock = In stock
status-civilian_licensed = Civilian, licensed
status-lost = Lost
status-stolen = Stolen
status-seized = Seized
status-surplus = Surplus
status-destroyed = Destroyed
status-exported = Exported
status-collected = Collected
status-recovered = Recovered

## Categories
category-pistol_revolver = Revolver or pistol
category-rifle_carbine = Rifle or carbine
category-submachine_gun = Sub-machine gun
category-assault_rifle = Assault rifle
category-light_machine_gun = Light machine gun
category-small_arm_other = Other small arm
category-heavy_machine_gun = Heavy machine gun
category-grenade_launcher = Grenade launcher
category-portable_anti_aircraft_gun = Portable anti-aircraft gun
category-portable_anti_tank_gun = Portable anti-tank gun
category-recoilless_rifle = Recoilless rifle
category-anti_tank_launcher = Anti-tank missile or rocket launcher
category-manpads = MANPADS
category-mortar = Mortar (under 100 mm)
category-light_weapon_other = Other light weapon

## Events
event-manufactured = Manufactured
event-imported = Imported
event-exported = Exported
event-transferred = Transferred
event-issued = Issued
event-returned = Returned
event-reported_lost = Reported lost
event-reported_stolen = Reported stolen
event-recovered = Recovered
event-seized = Seized
event-collected = Surrendered or collected
event-designated_surplus = Designated surplus
event-destroyed = Destroyed
event-marked = Marked or re-marked
event-correction = Correction

## Documents
document-licence = Licence
document-court_order = Court order
document-certificate = Certificate
document-end_user_certificate = End-user certificate
document-destruction_certificate = Destruction certificate
document-police_report = Police report
document-other = Other document

## Destruction methods
method-cutting = Cutting
method-crushing = Crushing
method-smelting = Smelting
method-burning = Burning
method-shredding = Shredding
method-detonation = Detonation
method-other = Other method

## Holder kinds
holder-kind-state_agency = State agency
holder-kind-agency_unit = Agency unit
holder-kind-depot = Depot
holder-kind-manufacturer = Manufacturer
holder-kind-dealer = Dealer
holder-kind-civilian = Civilian licence holder
holder-kind-foreign_state = Foreign State
holder-kind-other = Other

## Marking kinds and places
marking-kind-manufacture = Manufacture
marking-kind-import = Import
marking-kind-state_transfer = State-to-civilian transfer
marking-kind-alternative_code = Alternative unique code
marking-kind-remarking = Re-marking
marking-kind-other = Other
place-frame = Frame or receiver
place-barrel = Barrel
place-slide = Slide
place-other = Elsewhere

## Marking deficiencies (PoA II.8)
deficiency-no_unique_marking = no unique marking (serial number)
deficiency-no_country_of_manufacture = no country of manufacture
deficiency-no_import_marking = no import marking

## Kinds of search match
tier-exact = exact
tier-normalised = same marking, written differently
tier-look-alike = look-alike letters
tier-confusion = common misread
tier-wildcard = unreadable characters
tier-edit = misread

## Tracing pages (ITI plan A.3–6)
nav-traces = Traces
weapon-open-trace = Open a trace request
traces-title = Trace requests
traces-intro = Requests to trace illicit weapons with other States, through their national points of contact (International Tracing Instrument). Only points of contact and the investigator who opened a request can see it; every view is recorded in the access log.
traces-no-node = This server is not yet a node of the exchange between States: requests can be opened and traced in this registry, but not sent or answered. The administrator sets the node up with "armtrace node init" (see the tracing guide).
traces-none = There is no trace request yet.
traces-reference = Reference
traces-direction = Direction
traces-peer = Other State
traces-weapon = Weapon
traces-status = Status
traces-answer-by = Answer by
traces-overdue = overdue
trace-no-peer = not sent yet
trace-direction-outgoing = Our request
trace-direction-incoming = Request to us
trace-status-draft = Opened, not sent
trace-status-sent = Sent
trace-status-acknowledged = Acknowledged
trace-status-delayed = Answer delayed
trace-status-answered = Answered
trace-status-failed = Delivery failed
trace-status-received = Received, to be answered
trace-new-title = Open a trace request
trace-new-intro = armtrace first looks for the weapon in this registry (the domestic trace), then proposes whom to ask: the State of the last import marking, or the State of manufacture. A point of contact then reviews the request and sends it.
trace-new-from-weapon = Filled in from the record of weapon { $serial }: check every field before you open the request.
trace-section-case = The case
trace-section-weapon = The weapon
trace-section-markings = Markings as read
trace-section-circumstances = Where and when it was found
trace-section-use = Use and protection of the answer
trace-field-reference = Your reference
trace-field-reference-hint = The case number of your service; the answer repeats it.
trace-field-authority = Requesting authority
trace-field-illicit = Why the weapon is illicit
trace-field-illicit-hint = For example: seized from an armed group; serial number partly filed off.
trace-field-legal-basis = Legal basis of the request
trace-field-legal-basis-hint = The law or agreement under which you ask, for example the International Tracing Instrument and your national law.
trace-field-category = Category
trace-not-known = Not known
trace-field-make = Make
trace-field-model = Model
trace-field-calibre = Calibre
trace-field-serial = Serial number
trace-field-serial-hint = Exactly as read, including doubtful characters.
trace-field-country = Country of manufacture
trace-field-country-hint = Two-letter ISO 3166 code, for example BE.
trace-field-year = Year of manufacture
trace-markings-hint = Copy each marking exactly as read. Leave unused rows empty. An import marking with its country tells armtrace which other State to ask.
trace-marking-kind = Kind
trace-marking-text = Text as read
trace-marking-place = Place
trace-marking-country = Country
trace-marking-year = Year
trace-marking-row-kind = Kind of marking { $row }
trace-marking-row-text = Text of marking { $row }
trace-marking-row-place = Place of marking { $row }
trace-marking-row-country = Country of marking { $row }
trace-marking-row-year = Year of marking { $row }
trace-field-date = Date found
trace-field-place = Place found
trace-field-description = How it was found
trace-field-urgency = Urgency
trace-field-urgency-hint = Urgent: needed for an ongoing investigation or proceedings.
trace-urgency = Urgency
trace-urgency-routine = Routine
trace-urgency-urgent = Urgent
trace-field-use = Intended use of the information
trace-field-use-hint = For example: criminal investigation and prosecution of the case above.
trace-field-confidentiality = Confidentiality conditions
trace-field-confidentiality-hint = How the answering State's information must be protected; it is sent with the request.
trace-default-confidentiality = For the investigation named in this request only; not to be passed on without the consent of the answering State.
trace-field-answer-by = Answer asked by
trace-field-answer-by-hint = The date by which you need the answer.
trace-new-submit = Open the request and run the domestic trace
trace-error-required = Fill this in: the requested State needs it.
trace-error-date = Write a date as year-month-day, for example 2026-03-14.
trace-error-year = Write a year with four digits, for example 1998.
trace-error-identify = Give the serial number or at least one marking: without them the weapon cannot be traced.
trace-error-marking-text = Write the marking's text, or leave its country and year empty too.
trace-error-decision = Choose approve, restrict, delay or decline.
trace-title = Trace { $reference }
trace-done-opened = The request was opened and the domestic trace has run. A point of contact now reviews it and sends it.
trace-done-sent = The request was sent. The other State's signed acknowledgement usually arrives within moments.
trace-done-decided = The decision was recorded; the answer leaves exactly as decided.
trace-done-followed = The follow-up request was opened: review it and send it to the next State.
trace-confidential = Confidential: only points of contact and the investigator who opened this request can see it. This view was recorded in the access log.
trace-failure = Why delivery failed
trace-investigator = Investigator
trace-follows = Follows up
trace-id = Case id
trace-awaits-poc = A point of contact reviews this request and sends it.
trace-section-request = The request
trace-domestic = Domestic trace
trace-domestic-none = No weapon of this registry fits the description.
trace-domestic-found = Weapons of this registry that fit the description:
trace-proposals = Whom to ask
trace-proposals-none = armtrace cannot propose a State: the request names neither a country of manufacture nor an import marking with its country.
trace-why-last_import = last import marking
trace-why-manufacture = State of manufacture
trace-answers = Answers
trace-answers-none = No answer yet.
trace-outcome-found = Found in the records
trace-outcome-not_found = Not found in the records
trace-outcome-partial = Partly found
trace-outcome-delayed = Answer delayed
trace-outcome-restricted = Found; information restricted
trace-outcome-declined = Request declined
trace-answer-conditions = Conditions set by the answering State:
trace-reasons = Reasons
trace-final-by = Final answer by
trace-manufacture = Manufacture
trace-last-holder = Last legal holder
trace-since = since { $date }
trace-record-status = Status in its registry
trace-exports = Exports recorded
trace-imports = Imports recorded
trace-transfer-date = Date
trace-transfer-state = State
trace-transfer-party = Party
trace-transfer-document = Document
trace-transfer-marking = Marking
trace-next-state = Next State to ask:
trace-chain = Supply chain
trace-chain-manufactured = Manufactured
trace-chain-imported = Imported
trace-chain-exported = Exported
trace-chain-last_legal_holder = Last legal holder
trace-chain-left_legal_hands = Left legal hands
trace-chain-found = Found
trace-chain-source = From case
trace-steps = Steps
trace-step-opened = Opened
trace-step-sent = Sent
trace-step-acknowledged = Acknowledged by the other State
trace-step-delivery_failed = Delivery failed
trace-step-answer_received = Answer received
trace-step-reminder = Reminder: the answer is overdue
trace-step-received = Received
trace-step-drafted = Answer drafted from the registry
trace-step-decided = Decided by the point of contact
trace-step-by = by { $by }
trace-no-directory = No other point of contact is known yet: the administrator imports the directory of points of contact ("armtrace node import-directory").
trace-send-title = Send to a point of contact
trace-send-hint = The State proposed by armtrace is chosen; check it before sending. The request leaves signed and is delivered even if the other State is unreachable for a while.
trace-send-to = Point of contact
trace-send-submit = Send the request
trace-decide-title = Decide before anything leaves
trace-drafting = The answer is being drafted from the registry: reload this page in a moment.
trace-draft-intro = armtrace drafted this answer from the registry. Nothing has been sent: approve it, restrict it, delay it or decline the request, giving reasons.
trace-decision = Decision
trace-decision-approve = Approve: send the answer as drafted
trace-decision-restrict = Restrict: send the answer without the last legal holder, with reasons
trace-decision-delay = Delay: say why, and when the final answer will come
trace-decision-decline = Decline the request, with reasons
trace-reasons-hint = Required to restrict, delay or decline; the requesting State reads them.
trace-final-by-hint = Only when delaying: the date of the final answer.
trace-conditions = Conditions of use set on the answer
trace-decide-submit = Record the decision
trace-follow-title = Follow up with the next State
trace-follow-hint = The answer names { $state }: open a request to its point of contact with the same description of the weapon.
trace-follow-submit = Open the follow-up request
