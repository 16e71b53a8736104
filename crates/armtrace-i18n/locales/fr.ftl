# armtrace — français. Chaque message de en.ftl doit exister ici aussi
# (crates/armtrace-i18n/tests/catalog.rs échoue sinon). Variables : { $name }.

## Formats (chrono strftime patterns; month names come from the locale)
date-format = %-d %B %Y
date-time-format = %-d %B %Y, %H:%M UTC
month-format = %b %Y

## Frame
skip-to-content = Aller au contenu
nav-label = Menu principal
nav-dashboard = Tableau de bord
nav-search = Recherche
nav-register = Enregistrer une arme
nav-import = Importer
nav-holders = Détenteurs
nav-users = Utilisateurs
nav-access-log = Journal des accès
nav-integrity = Contrôle d'intégrité
language = Langue
language-change = Changer
logout = Se déconnecter
footer = armtrace — registres tenus à titre de preuve conformément au Programme d'action des Nations Unies et à l'Instrument international de traçage.
pages = Pages
page-next = Page suivante
page-previous = Page précédente
page-older = Entrées plus anciennes

## Errors
error-not-found-title = Introuvable
error-not-found = Cette page ou cet enregistrement n'existe pas.
error-forbidden-title = Action non autorisée
error-forbidden = Votre rôle ({ $role }) ne permet pas cette action. Adressez-vous à un administrateur si vous en avez besoin.
error-csrf-title = Formulaire expiré
error-csrf = Ce formulaire n'a pas été envoyé depuis cette session (il provient peut-être d'une ancienne page ou d'un autre site). Aucune modification n'a été effectuée.
error-try-again = Réessayer
error-request-title = La requête ne peut pas être lue
error-internal-title = Une erreur s'est produite
error-internal = Le serveur a rencontré une erreur. Aucune modification n'a été effectuée ; réessayez, et prévenez votre administrateur si le problème se reproduit.
form-has-errors = Certains champs doivent être corrigés : voir les messages placés à côté.
form-field-needed = Remplissez ce champ en même temps que le champ auquel il se rattache, ou laissez les deux vides.

## Login and setup
login-title = Connexion
login-username = Nom de compte
login-password = Mot de passe
login-submit = Se connecter
login-help = Pas encore de compte ? C'est votre administrateur qui le crée. Le premier administrateur est créé sur le serveur avec la commande : armtrace user add NAME --role administrator
login-failed = Nom de compte ou mot de passe incorrect.
login-locked = Trop de tentatives de connexion échouées : ce compte est bloqué pendant un certain temps.
login-wait = Une tentative de connexion vient d'échouer : attendez { $seconds } secondes avant de réessayer.
login-created = Le compte a été créé : connectez-vous avec celui-ci.
setup-title = Créer le premier administrateur
setup-intro = Ce lien ne fonctionne qu'une seule fois, tant qu'armtrace ne compte aucun compte. L'administrateur que vous créez ici crée ensuite les comptes des agents.
setup-password = Mot de passe (12 caractères au moins)
setup-password-again = Confirmer le mot de passe
setup-submit = Créer l'administrateur
setup-mismatch = Les deux mots de passe ne sont pas identiques.
account-invalid-name = Un nom de compte comporte de 1 à 64 lettres, chiffres, « . », « _ », « - » ou « @ ».
account-weak-password = Un mot de passe comporte au moins 12 caractères et doit être différent du nom de compte.
account-exists = Ce nom de compte est déjà utilisé.

## Dashboard
dashboard-title = Tableau de bord
dashboard-figures = Chiffres clés
dashboard-weapons = armes
dashboard-holders = détenteurs
dashboard-entries = écritures du registre
dashboard-to-mark = à marquer ou à détruire
dashboard-by-status = Armes par statut
dashboard-by-category = Armes par catégorie
dashboard-by-agency = Armes par organisme
dashboard-col-status = Statut
dashboard-col-category = Catégorie
dashboard-col-agency = Organisme
dashboard-col-weapons = Armes
dashboard-col-month = Mois
dashboard-col-events = Événements
dashboard-total = Total
dashboard-no-holder = Sans détenteur
dashboard-other-holders = Autres détenteurs
dashboard-events-per-month = Événements par mois (24 derniers mois, selon la date à laquelle ils se sont produits)
dashboard-chart-caption = Mois le plus chargé : { $max } événements.
dashboard-chart-table = Les mêmes chiffres sous forme de tableau
dashboard-recent = Activité récente
col-recorded = Enregistré le
col-by = Par
col-record = Écriture
col-weapon = Arme
record-registered = Arme enregistrée
record-holder = Détenteur { $code } enregistré

## Search
search-title = Recherche par marquage
search-label = Marquage tel que lu
search-submit = Rechercher
search-hint = Saisissez ce que vous arrivez à lire. ? remplace un caractère illisible, * une suite de caractères illisibles, ~1 tolère une erreur de lecture.
search-help = Comment formuler une recherche
help-intro = La casse, les espaces, les tirets, les lettres d'aspect identique issues d'autres alphabets et les chiffres d'autres écritures sont sans importance. Les erreurs de lecture courantes (0/O, 1/I, 5/S, 8/B…) sont également prises en compte.
help-col-query = Vous saisissez
help-col-means = La recherche trouve
help-plain = le marquage KR1234, KR-1234, kr 1234…
help-unreadable = un caractère illisible à la place du ?
help-run = un marquage dont le début a disparu
help-edit = le marquage avec au plus une erreur de lecture, en plus des confusions habituelles
help-scripts = indifféremment en cyrillique, en lettres latines d'aspect identique ou en chiffres arabes orientaux
help-filters = filtres : fabricant, années de fabrication et marquage
help-status = armes saisies ou perdues, fabriquées en Russie
help-filters-list = Filtres : make: (marque), model: (modèle), calibre: (calibre), category: (catégorie), country: (pays, code ISO), year: (année : 1990, 1980-1990), status: (statut : seized,lost).
search-invalid = La recherche ne peut pas être interprétée : { $detail }
search-results = { $n ->
    [0] Aucune arme pour « { $query } »
    [one] Une arme pour « { $query } »
   *[other] { $n } armes pour « { $query } »
}
search-none = Aucune arme ne correspond. Essayez avec moins de caractères, avec ? pour ce que vous ne pouvez pas lire, ou avec ~1.
search-why = Pourquoi ce résultat
search-score = score { $score }
why-exact = le marquage exactement tel que lu
why-normalised = le même marquage, écrit différemment (casse, séparateurs, type de chiffres)
why-look-alike = { $stored } lu comme le caractère d'aspect identique { $read } en position { $pos }
why-confusion = { $stored } lu comme { $read } en position { $pos } (erreur de lecture courante)
why-unreadable = le caractère illisible en position { $pos } est { $stored }
why-unreadable-run = { $n ->
    [0] la suite illisible en position { $pos } est vide
   *[other] la suite illisible des positions { $pos } à { $end } est { $stored }
}
why-misread = { $stored } lu comme { $read } en position { $pos } (erreur de lecture)
why-missing = { $stored } en position { $pos } est absent de ce qui a été lu
why-extra = { $read }, lu avant la position { $pos }, ne figure pas sur le marquage
why-transposed = { $stored } en position { $pos } lu dans l'ordre inverse

## Weapon
weapon-serial = Numéro de série
weapon-category = Catégorie
weapon-calibre = Calibre
weapon-made = Pays de fabrication
weapon-status = Statut
weapon-holder = Détenteur
weapon-location = Emplacement
weapon-id = Identifiant de l'arme
weapon-markings = Marquages
weapon-no-markings = Aucun marquage n'est enregistré.
weapon-history = Historique
weapon-record-event = Enregistrer un événement
weapon-open = ouvrir
weapon-recorded = L'événement a été enregistré (écriture #{ $seq } du registre).
weapon-registered = L'arme a été enregistrée (écriture #{ $seq } du registre).
weapon-already-present = Cette arme a déjà été enregistrée avec les mêmes marquages : rien de nouveau n'a été écrit. Voici sa fiche.
weapon-to-mark = À marquer ou à détruire (Programme d'action, II.8) :
history-holder = Détenteur :
history-country = Pays :
history-location = Lieu :
history-document = Document :
history-marking = Marquage :
history-method = Méthode :
history-corrects = Corrige l'écriture
history-void = rayée
history-superseded = Corrigée par une écriture ultérieure.
history-status-at-registration = Statut à l'enregistrement :
history-recorded = Enregistré le { $at } par { $by }

## Record an event
event-title = Enregistrer un événement pour { $serial }
event-back = Retour à l'arme
event-what = Ce qui s'est passé
event-kind = Événement
event-occurred = Date de l'événement
event-occurred-hint = Le jour où il s'est produit (YYYY-MM-DD), et non le jour où vous l'enregistrez.
event-holder = Détenteur après l'événement (code)
event-holder-hint = L'organisme, l'unité ou la personne responsable de l'arme par la suite : commencez à saisir un code.
event-location = Lieu
event-country = Autre pays (code ISO)
event-country-hint = Pour une exportation : la destination ; pour une importation : l'origine. Deux lettres, p. ex. KE.
event-document = Document justificatif
event-document-kind = Type de document
event-document-ref = Numéro du document
event-marking = Marquage apposé
event-marking-hint = Pour une importation ou un (nouveau) marquage : le marquage tel qu'il a été frappé.
event-marking-kind = Type de marquage
event-marking-place = Emplacement sur l'arme
event-marking-text = Texte tel que frappé
event-marking-country = Pays du marquage (code ISO)
event-marking-year = Année du marquage
event-destruction = Destruction
event-method = Méthode de destruction
event-correction-legend = Correction
event-correction-hint = Une correction ne modifie jamais l'écriture antérieure : c'est une nouvelle écriture qui indique ce qui était erroné et pourquoi.
event-corrects = Écriture corrigée
event-reason = Motif de la correction
event-void = Rayer l'écriture corrigée (elle n'aurait jamais dû être enregistrée)
event-notes = Observations
event-submit = Enregistrer

## Register a weapon
register-title = Enregistrer une arme
register-intro = Les mêmes contrôles que pour une importation CSV s'appliquent. Une arme sans numéro de série ou sans pays de fabrication est enregistrée et inscrite sur la liste « à marquer ou à détruire ».
register-weapon = L'arme
register-category = Catégorie
register-make = Marque (fabricant)
register-model = Modèle
register-calibre = Calibre
register-calibre-hint = Tel que marqué, p. ex. 7.62x39mm ou 9x19mm.
register-serial = Numéro de série
register-serial-hint = Exactement tel que frappé, dans son écriture d'origine (p. ex. ЦП 0242).
register-country = Pays de fabrication (code ISO)
register-country-hint = Deux lettres, p. ex. RU, BE, US.
register-year = Année de fabrication
register-marking-warning = Sans numéro de série et sans pays de fabrication, cette arme n'est pas marquée de manière adéquate : elle sera inscrite sur la liste « à marquer ou à détruire » (Programme d'action, II.8).
register-import = Marquage d'importation
register-import-marking = Marquage d'importation tel que lu
register-import-hint = Le marquage apposé lors de l'importation (Instrument international de traçage, 8(b)), le cas échéant.
register-import-country = Pays d'importation (code ISO)
register-import-year = Année d'importation
register-holding = Détention
register-holder = Détenteur (code)
register-holder-hint = L'organisme, l'unité ou le dépôt qui en est responsable : commencez à saisir un code.
register-status = Statut à l'enregistrement
register-registered-on = Enregistrée le
register-registered-on-hint = Laissez vide pour la date du jour ; pour les anciens registres papier, indiquez le jour de l'inscription au registre.
register-markings = Autres marquages
register-markings-hint = Un par ligne ou séparés par « ; », sous la forme kind/place=text (type/emplacement=texte), p. ex. remarking/barrel=KE-2020-001.
register-submit = Enregistrer

## Import
import-title = Importer un fichier CSV
import-intro = Armes, historiques d'événements (par exemple les registres d'un négociant ayant cessé son activité) ou détenteurs. Les lignes valides sont enregistrées, les lignes non valides sont répertoriées dans un rapport ; importer deux fois le même fichier n'ajoute rien.
import-kind = Contenu du fichier
import-kind-weapons = Armes (weapons.csv)
import-kind-events = Historiques d'événements (events.csv)
import-kind-holders = Détenteurs (holders.csv)
import-file = Fichier (CSV, UTF-8)
import-file-hint = Les colonnes sont décrites dans le guide du format d'importation. 256 MiB au maximum.
import-submit = Importer
import-scoped = L'importation est réservée aux agents habilités pour l'ensemble du registre. Votre compte est limité à un seul organisme : utilisez plutôt les formulaires.
import-too-large = Le fichier dépasse 256 MiB : divisez-le.
import-unreadable = Le fichier envoyé n'a pas pu être lu : réessayez.
import-no-kind = Indiquez le contenu du fichier.
import-empty = Le fichier est vide.
import-job-title = Importation de { $file }
import-running = Importation en cours : { $percent } % lus en { $seconds } s.
import-refresh = Cette page s'actualise automatiquement. Vous pouvez la quitter : l'importation se poursuit.
import-failed = L'importation n'a pas pu s'exécuter : { $detail }. Les lignes des lots déjà terminés sont conservées ; rien d'autre n'a été écrit.
import-done = L'importation est terminée.
import-rows = Lignes lues
import-written = Lignes enregistrées
import-present = Déjà dans le registre
import-rejected = Lignes rejetées
import-report = Lignes rejetées
import-report-intro = Chaque ligne rejetée, avec la colonne, la valeur et la règle enfreinte. Corrigez-les et importez à nouveau le fichier.
import-report-download = Télécharger le rapport complet (CSV)
import-col-row = Ligne
import-col-column = Colonne
import-col-value = Valeur
import-col-reason = Règle
import-more-rejected = Autres lignes rejetées, figurant dans le rapport téléchargeable : { $n }.
import-again = Importer un autre fichier

## Holders
holders-title = Détenteurs et organismes
holders-intro = Détenteurs : { $n } (organismes avec leurs unités et dépôts, fabricants, négociants et particuliers titulaires d'une licence).
holders-code = Code
holders-name = Nom
holders-kind = Type
holders-country = Pays
holders-licence = Licence
holders-weapons = Armes détenues

## Users
users-title = Utilisateurs et rôles
users-name = Compte
users-role = Rôle
users-agency = Organisme
users-language = Langue
users-created-at = Créé le
users-whole-registry = Ensemble du registre
users-new = Nouveau compte
users-agency-hint = Un agent rattaché à un organisme ne peut enregistrer des événements que pour les armes de cet organisme et de ses unités.
users-submit = Créer le compte
users-created = Le compte { $name } a été créé.
users-bad-role = Choisissez un rôle.
users-bad-agency = Aucun détenteur ne porte ce code.

## Access log
log-title = Journal des accès
log-intact = Le journal des accès est intact (entrées vérifiées : { $n }).
log-broken = Le journal des accès est rompu : { $detail }
log-filter = Rechercher dans le journal (compte, action, arme, adresse)
log-filter-submit = Rechercher
log-at = Date
log-who = Compte
log-action = Action
log-target = Objet
log-client = Origine
log-outcome = Résultat

## Integrity
integrity-title = Contrôle d'intégrité
integrity-intro = Parcourt toute la chaîne des écritures et le journal des accès, vérifie chaque empreinte (hash) et recalcule l'état de chaque arme à partir de son historique.
integrity-run = Lancer le contrôle
integrity-intact = Le registre est intact : aucune écriture n'a été modifiée, insérée ou supprimée.
integrity-broken = Le registre n'est PAS intact : consultez les problèmes ci-dessous, et faites une sauvegarde avant toute autre chose.
integrity-entries = Écritures du registre
integrity-weapons = Armes comparées
integrity-holders = Détenteurs comparés
integrity-log = Entrées du journal des accès
integrity-head = Tête de la chaîne
integrity-seconds = Secondes
integrity-problems = Problèmes constatés
integrity-head-hint = Notez l'empreinte de tête en dehors d'armtrace : verify --expect-head permet ensuite de prouver que la chaîne n'a pas été réécrite depuis.

## Roles
role-administrator = Administrateur
role-registry_officer = Agent du registre
role-licensing_officer = Agent chargé des licences
role-stockpile_manager = Gestionnaire de stocks
role-investigator = Enquêteur
role-point_of_contact = Point de contact
role-auditor = Auditeur

## Statuses
status-in_service = En service
status-in_stock = En stock
status-civilian_licensed = Civil, sous licence
status-lost = Perdue
status-stolen = Volée
status-seized = Saisie
status-surplus = Excédentaire
status-destroyed = Détruite
status-exported = Exportée
status-collected = Collectée
status-recovered = Récupérée

## Categories
category-pistol_revolver = Revolver ou pistolet
category-rifle_carbine = Fusil ou carabine
category-submachine_gun = Mitraillette
category-assault_rifle = Fusil d'assaut
category-light_machine_gun = Mitrailleuse légère
category-small_arm_other = Autre arme de petit calibre
category-heavy_machine_gun = Mitrailleuse lourde
category-grenade_launcher = Lance-grenades
category-portable_anti_aircraft_gun = Canon antiaérien portatif
category-portable_anti_tank_gun = Canon antichar portatif
category-recoilless_rifle = Fusil sans recul
category-anti_tank_launcher = Lance-missiles ou lance-roquettes antichar
category-manpads = Système portatif de défense aérienne (MANPADS)
category-mortar = Mortier (moins de 100 mm)
category-light_weapon_other = Autre arme légère

## Events
event-manufactured = Fabriquée
event-imported = Importée
event-exported = Exportée
event-transferred = Transférée
event-issued = Attribuée
event-returned = Restituée
event-reported_lost = Déclarée perdue
event-reported_stolen = Déclarée volée
event-recovered = Récupérée
event-seized = Saisie
event-collected = Remise ou collectée
event-designated_surplus = Déclarée excédentaire
event-destroyed = Détruite
event-marked = Marquée ou remarquée
event-correction = Correction

## Documents
document-licence = Licence
document-court_order = Décision de justice
document-certificate = Certificat
document-end_user_certificate = Certificat d'utilisateur final
document-destruction_certificate = Certificat de destruction
document-police_report = Procès-verbal de police
document-other = Autre document

## Destruction methods
method-cutting = Découpage
method-crushing = Écrasement
method-smelting = Fonte
method-burning = Brûlage
method-shredding = Déchiquetage
method-detonation = Détonation
method-other = Autre méthode

## Holder kinds
holder-kind-state_agency = Organisme public
holder-kind-agency_unit = Unité d'un organisme
holder-kind-depot = Dépôt
holder-kind-manufacturer = Fabricant
holder-kind-dealer = Négociant
holder-kind-civilian = Particulier titulaire d'une licence
holder-kind-foreign_state = État étranger
holder-kind-other = Autre

## Marking kinds and places
marking-kind-manufacture = Fabrication
marking-kind-import = Importation
marking-kind-state_transfer = Transfert de l'État à un usage civil
marking-kind-alternative_code = Code unique de remplacement
marking-kind-remarking = Nouveau marquage
marking-kind-other = Autre
place-frame = Carcasse ou boîte de culasse
place-barrel = Canon
place-slide = Culasse mobile (glissière)
place-other = Autre emplacement

## Marking deficiencies (PoA II.8)
deficiency-no_unique_marking = aucun marquage unique (numéro de série)
deficiency-no_country_of_manufacture = aucun pays de fabrication
deficiency-no_import_marking = aucun marquage d'importation

## Kinds of search match
tier-exact = exacte
tier-normalised = même marquage, écrit différemment
tier-look-alike = caractères d'aspect identique
tier-confusion = erreur de lecture courante
tier-wildcard = caractères illisibles
tier-edit = erreur de lecture

## Pages de traçage (plan ITI A.3–6)
nav-traces = Traçage
weapon-open-trace = Ouvrir une demande de traçage
traces-title = Demandes de traçage
traces-intro = Demandes de traçage d'armes illicites échangées avec d'autres États par l'intermédiaire de leurs points de contact nationaux (Instrument international de traçage). Seuls les points de contact et l'enquêteur qui a ouvert une demande peuvent la consulter ; chaque consultation est inscrite au journal des accès.
traces-no-node = Ce serveur n'est pas encore un nœud de l'échange entre États : il est possible d'ouvrir des demandes et d'effectuer le traçage dans ce registre, mais pas de les envoyer ni d'y répondre. L'administrateur configure le nœud avec la commande « armtrace node init » (voir le guide du traçage).
traces-none = Aucune demande de traçage pour l'instant.
traces-reference = Référence
traces-direction = Sens
traces-peer = Autre État
traces-weapon = Arme
traces-status = Statut
traces-answer-by = Réponse attendue le
traces-overdue = en retard
trace-no-peer = pas encore envoyée
trace-direction-outgoing = Notre demande
trace-direction-incoming = Demande qui nous est adressée
trace-status-draft = Ouverte, non envoyée
trace-status-sent = Envoyée
trace-status-acknowledged = Réception confirmée
trace-status-delayed = Réponse différée
trace-status-answered = Réponse fournie
trace-status-failed = Échec de la transmission
trace-status-received = Reçue, en attente de réponse
trace-new-title = Ouvrir une demande de traçage
trace-new-intro = armtrace recherche d'abord l'arme dans ce registre (traçage national), puis propose l'État à interroger : celui du dernier marquage d'importation ou l'État de fabrication. Un point de contact examine ensuite la demande et l'envoie.
trace-new-from-weapon = Prérempli à partir de la fiche de l'arme { $serial } : vérifiez chaque champ avant d'ouvrir la demande.
trace-section-case = L'affaire
trace-section-weapon = L'arme
trace-section-markings = Marquages tels que lus
trace-section-circumstances = Lieu et date de la découverte
trace-section-use = Utilisation et protection de la réponse
trace-field-reference = Votre référence
trace-field-reference-hint = Le numéro de dossier de votre service ; il est rappelé dans la réponse.
trace-field-authority = Autorité requérante
trace-field-illicit = Motif pour lequel l'arme est illicite
trace-field-illicit-hint = Par exemple : saisie auprès d'un groupe armé ; numéro de série partiellement limé.
trace-field-legal-basis = Fondement juridique de la demande
trace-field-legal-basis-hint = La loi ou l'accord en vertu duquel vous formulez la demande, par exemple l'Instrument international de traçage et votre législation nationale.
trace-field-category = Catégorie
trace-not-known = Inconnu
trace-field-make = Marque
trace-field-model = Modèle
trace-field-calibre = Calibre
trace-field-serial = Numéro de série
trace-field-serial-hint = Exactement tel que lu, y compris les caractères douteux.
trace-field-country = Pays de fabrication
trace-field-country-hint = Code ISO 3166 à deux lettres, p. ex. BE.
trace-field-year = Année de fabrication
trace-markings-hint = Recopiez chaque marquage exactement tel que lu. Laissez vides les lignes inutilisées. Un marquage d'importation accompagné de son pays indique à armtrace à quel autre État s'adresser.
trace-marking-kind = Type
trace-marking-text = Texte tel que lu
trace-marking-place = Emplacement
trace-marking-country = Pays
trace-marking-year = Année
trace-marking-row-kind = Type du marquage { $row }
trace-marking-row-text = Texte du marquage { $row }
trace-marking-row-place = Emplacement du marquage { $row }
trace-marking-row-country = Pays du marquage { $row }
trace-marking-row-year = Année du marquage { $row }
trace-field-date = Date de la découverte
trace-field-place = Lieu de la découverte
trace-field-description = Circonstances de la découverte
trace-field-urgency = Urgence
trace-field-urgency-hint = Urgente : nécessaire pour une enquête ou une procédure en cours.
trace-urgency = Urgence
trace-urgency-routine = Ordinaire
trace-urgency-urgent = Urgente
trace-field-use = Utilisation prévue des informations
trace-field-use-hint = Par exemple : enquête pénale et poursuites dans l'affaire ci-dessus.
trace-field-confidentiality = Conditions de confidentialité
trace-field-confidentiality-hint = La manière dont les informations de l'État qui répond doivent être protégées ; ces conditions accompagnent la demande.
trace-default-confidentiality = Exclusivement pour l'enquête mentionnée dans la présente demande ; ne pas communiquer à des tiers sans le consentement de l'État qui répond.
trace-field-answer-by = Date limite de réponse
trace-field-answer-by-hint = La date à laquelle vous avez besoin de la réponse.
trace-new-submit = Ouvrir la demande et lancer le traçage national
trace-error-required = Remplissez ce champ : l'État requis en a besoin.
trace-error-date = Indiquez la date sous la forme année-mois-jour, p. ex. 2026-03-14.
trace-error-year = Indiquez l'année en quatre chiffres, p. ex. 1998.
trace-error-identify = Indiquez le numéro de série ou au moins un marquage : sans eux, l'arme ne peut pas être tracée.
trace-error-marking-text = Indiquez le texte du marquage, ou laissez également vides son pays et son année.
trace-error-decision = Choisissez : approuver, restreindre, différer ou refuser.
trace-title = Demande de traçage { $reference }
trace-done-opened = La demande a été ouverte et le traçage national a été effectué. Un point de contact va maintenant l'examiner et l'envoyer.
trace-done-sent = La demande a été envoyée. L'accusé de réception signé de l'autre État arrive généralement en quelques instants.
trace-done-decided = La décision a été enregistrée ; la réponse part exactement telle que décidée.
trace-done-followed = La demande de suivi a été ouverte : examinez-la et envoyez-la à l'État suivant.
trace-confidential = Confidentiel : seuls les points de contact et l'enquêteur qui a ouvert cette demande peuvent la consulter. Cette consultation a été inscrite au journal des accès.
trace-failure = Motif de l'échec de la transmission
trace-investigator = Enquêteur
trace-follows = Fait suite à
trace-id = Identifiant du dossier
trace-awaits-poc = Cette demande attend qu'un point de contact l'examine et l'envoie.
trace-section-request = La demande
trace-domestic = Traçage national
trace-domestic-none = Aucune arme de ce registre ne correspond à la description.
trace-domestic-found = Armes de ce registre correspondant à la description :
trace-proposals = À qui s'adresser
trace-proposals-none = armtrace ne peut proposer aucun État : la demande n'indique ni pays de fabrication ni marquage d'importation accompagné de son pays.
trace-why-last_import = dernier marquage d'importation
trace-why-manufacture = État de fabrication
trace-answers = Réponses
trace-answers-none = Aucune réponse pour l'instant.
trace-outcome-found = Retrouvée dans les registres
trace-outcome-not_found = Introuvable dans les registres
trace-outcome-partial = Partiellement retrouvée
trace-outcome-delayed = Réponse différée
trace-outcome-restricted = Retrouvée ; informations restreintes
trace-outcome-declined = Demande refusée
trace-answer-conditions = Conditions fixées par l'État qui répond :
trace-reasons = Motifs
trace-final-by = Réponse définitive au plus tard le
trace-manufacture = Fabrication
trace-last-holder = Dernier détenteur légal
trace-since = depuis le { $date }
trace-record-status = Statut dans son registre
trace-exports = Exportations enregistrées
trace-imports = Importations enregistrées
trace-transfer-date = Date
trace-transfer-state = État
trace-transfer-party = Partie
trace-transfer-document = Document
trace-transfer-marking = Marquage
trace-next-state = Prochain État à interroger :
trace-chain = Chaîne d'approvisionnement
trace-chain-manufactured = Fabriquée
trace-chain-imported = Importée
trace-chain-exported = Exportée
trace-chain-last_legal_holder = Dernier détenteur légal
trace-chain-left_legal_hands = Sortie du circuit légal
trace-chain-found = Découverte
trace-chain-source = D'après le dossier
trace-steps = Étapes
trace-step-opened = Ouverte
trace-step-sent = Envoyée
trace-step-acknowledged = Réception confirmée par l'autre État
trace-step-delivery_failed = Échec de la transmission
trace-step-answer_received = Réponse reçue
trace-step-reminder = Rappel : la réponse est en retard
trace-step-received = Reçue
trace-step-drafted = Réponse préparée à partir du registre
trace-step-decided = Décision du point de contact
trace-step-by = par { $by }
trace-no-directory = Aucun autre point de contact n'est encore connu : l'administrateur doit importer l'annuaire des points de contact (« armtrace node import-directory »).
trace-send-title = Envoyer à un point de contact
trace-send-hint = L'État proposé par armtrace est présélectionné ; vérifiez-le avant l'envoi. La demande part signée et est remise même si l'autre État est momentanément injoignable.
trace-send-to = Point de contact
trace-send-submit = Envoyer la demande
trace-decide-title = Décider avant tout envoi
trace-drafting = La réponse est en cours de préparation à partir du registre : rechargez cette page dans un instant.
trace-draft-intro = armtrace a préparé cette réponse à partir du registre. Rien n'a été envoyé : approuvez-la, restreignez-la ou différez-la, ou refusez la demande, en indiquant les motifs.
trace-decision = Décision
trace-decision-approve = Approuver : envoyer la réponse telle que préparée
trace-decision-restrict = Restreindre : envoyer la réponse sans le dernier détenteur légal, en indiquant les motifs
trace-decision-delay = Différer : indiquer pourquoi, et quand la réponse définitive sera donnée
trace-decision-decline = Refuser la demande, en indiquant les motifs
trace-reasons-hint = Obligatoires pour restreindre, différer ou refuser ; l'État requérant en prend connaissance.
trace-final-by-hint = Uniquement en cas de report : la date de la réponse définitive.
trace-conditions = Conditions d'utilisation attachées à la réponse
trace-decide-submit = Enregistrer la décision
trace-follow-title = Poursuivre auprès de l'État suivant
trace-follow-hint = La réponse désigne { $state } : ouvrez une demande auprès de son point de contact avec la même description de l'arme.
trace-follow-submit = Ouvrir la demande de suivi
