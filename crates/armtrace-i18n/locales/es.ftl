# armtrace — español. Cada mensaje de en.ftl debe existir también aquí
# (crates/armtrace-i18n/tests/catalog.rs falla en caso contrario). Variables: { $name }.

## Formats (chrono strftime patterns; month names come from the locale)
date-format = %-d de %B de %Y
date-time-format = %-d de %B de %Y, %H:%M UTC
month-format = %b %Y

## Frame
skip-to-content = Ir al contenido
nav-label = Menú principal
nav-dashboard = Panel
nav-search = Búsqueda
nav-register = Registrar un arma
nav-import = Importar
nav-holders = Tenedores
nav-users = Usuarios
nav-access-log = Registro de accesos
nav-integrity = Verificación de integridad
language = Idioma
language-change = Cambiar
logout = Cerrar sesión
footer = armtrace — registros llevados como prueba conforme al Programa de Acción de las Naciones Unidas y al Instrumento Internacional de Localización.
pages = Páginas
page-next = Página siguiente
page-previous = Página anterior
page-older = Entradas anteriores

## Errors
error-not-found-title = No encontrado
error-not-found = No existe esa página ni ese registro.
error-forbidden-title = No permitido
error-forbidden = Su función ({ $role }) no permite realizar esta acción. Si la necesita, solicítela a un administrador.
error-csrf-title = Formulario caducado
error-csrf = Este formulario no se envió desde esta sesión (puede proceder de una página antigua o de otro sitio). No se modificó nada.
error-try-again = Intentar de nuevo
error-request-title = No se puede leer la solicitud
error-internal-title = Se produjo un error
error-internal = Se produjo un fallo en el servidor. No se modificó nada; inténtelo de nuevo y avise a su administrador si vuelve a ocurrir.
form-has-errors = Algunos campos deben corregirse: consulte los mensajes que aparecen junto a ellos.
form-field-needed = Rellene este campo junto con el campo al que corresponde, o deje ambos vacíos.

## Login and setup
login-title = Iniciar sesión
login-username = Nombre de cuenta
login-password = Contraseña
login-submit = Iniciar sesión
login-help = ¿Todavía no tiene cuenta? La crea su administrador. El primer administrador se crea en el servidor con el comando: armtrace user add NAME --role administrator
login-failed = Nombre de cuenta o contraseña incorrectos.
login-locked = Demasiados intentos de inicio de sesión fallidos: esta cuenta queda bloqueada durante un tiempo.
login-wait = Un intento de inicio de sesión acaba de fallar: espere { $seconds } segundos antes de volver a intentarlo.
login-created = Se creó la cuenta: inicie sesión con ella.
setup-title = Crear el primer administrador
setup-intro = Este enlace funciona una sola vez, mientras armtrace no tenga ninguna cuenta. El administrador que cree aquí creará después las cuentas de los funcionarios.
setup-password = Contraseña (al menos 12 caracteres)
setup-password-again = Repita la contraseña
setup-submit = Crear el administrador
setup-mismatch = Las dos contraseñas no coinciden.
account-invalid-name = Un nombre de cuenta tiene de 1 a 64 letras, cifras, «.», «_», «-» o «@».
account-weak-password = Una contraseña debe tener al menos 12 caracteres y ser distinta del nombre de cuenta.
account-exists = Ese nombre de cuenta ya está en uso.

## Dashboard
dashboard-title = Panel
dashboard-figures = Cifras clave
dashboard-weapons = armas
dashboard-holders = tenedores
dashboard-entries = asientos del registro
dashboard-to-mark = por marcar o destruir
dashboard-by-status = Armas por estado
dashboard-by-category = Armas por categoría
dashboard-by-agency = Armas por organismo
dashboard-col-status = Estado
dashboard-col-category = Categoría
dashboard-col-agency = Organismo
dashboard-col-weapons = Armas
dashboard-col-month = Mes
dashboard-col-events = Eventos
dashboard-total = Total
dashboard-no-holder = Sin tenedor
dashboard-other-holders = Otros tenedores
dashboard-events-per-month = Eventos por mes (últimos 24 meses, según la fecha en que ocurrieron)
dashboard-chart-caption = Mes con más eventos: { $max }.
dashboard-chart-table = Las mismas cifras en forma de tabla
dashboard-recent = Actividad reciente
col-recorded = Registrado
col-by = Por
col-record = Asiento
col-weapon = Arma
record-registered = Arma registrada
record-holder = Tenedor { $code } registrado

## Search
search-title = Búsqueda por marcaje
search-label = Marcaje tal como se lee
search-submit = Buscar
search-hint = Escriba lo que pueda leer. ? es un carácter ilegible, * una serie de ellos, ~1 admite un error de lectura.
search-help = Cómo escribir una búsqueda
help-intro = No importan las mayúsculas y minúsculas, los espacios, los guiones, las letras de aspecto similar de otros alfabetos ni las cifras de otras escrituras. También se encuentran los errores de lectura habituales (0/O, 1/I, 5/S, 8/B…).
help-col-query = Usted escribe
help-col-means = Se encuentra
help-plain = el marcaje KR1234, KR-1234, kr 1234…
help-unreadable = un carácter ilegible en lugar de ?
help-run = un marcaje cuyo comienzo ha desaparecido
help-edit = el marcaje con hasta un error de lectura, además de las confusiones habituales
help-scripts = indistintamente cirílico, letras latinas de aspecto similar y cifras arábigo-índicas
help-filters = filtros: fabricante, años de fabricación y marcaje
help-status = armas incautadas o perdidas, fabricadas en Rusia
help-filters-list = Filtros: make: (marca), model: (modelo), calibre: (calibre), category: (categoría), country: (país, código ISO), year: (año: 1990, 1980-1990), status: (estado: seized,lost).
search-invalid = No se puede interpretar la búsqueda: { $detail }
search-results = { $n ->
    [0] Ninguna arma coincide con «{ $query }»
    [one] Un arma coincide con «{ $query }»
   *[other] { $n } armas coinciden con «{ $query }»
}
search-none = Ninguna arma coincide. Pruebe con menos caracteres, con ? para lo que no pueda leer, o con ~1.
search-why = Por qué coincide
search-score = puntuación { $score }
why-exact = el marcaje exactamente como se leyó
why-normalised = el mismo marcaje, escrito de otra manera (mayúsculas, separadores, tipo de cifras)
why-look-alike = { $stored } leído como el carácter de aspecto similar { $read } en la posición { $pos }
why-confusion = { $stored } leído como { $read } en la posición { $pos } (un error de lectura habitual)
why-unreadable = el carácter ilegible en la posición { $pos } es { $stored }
why-unreadable-run = { $n ->
    [0] la serie ilegible en la posición { $pos } está vacía
   *[other] la serie ilegible en las posiciones { $pos }–{ $end } es { $stored }
}
why-misread = { $stored } leído como { $read } en la posición { $pos } (un error de lectura)
why-missing = { $stored } en la posición { $pos } falta en lo que se leyó
why-extra = { $read }, leído antes de la posición { $pos }, no figura en el marcaje
why-transposed = { $stored } en la posición { $pos } leído en orden inverso

## Weapon
weapon-serial = Número de serie
weapon-category = Categoría
weapon-calibre = Calibre
weapon-made = País de fabricación
weapon-status = Estado
weapon-holder = Tenedor
weapon-location = Ubicación
weapon-id = Identificador del arma
weapon-markings = Marcajes
weapon-no-markings = No hay ningún marcaje registrado.
weapon-history = Historial
weapon-record-event = Registrar un evento
weapon-open = abrir
weapon-recorded = El evento quedó registrado (asiento #{ $seq } del registro).
weapon-registered = El arma quedó registrada (asiento #{ $seq } del registro).
weapon-already-present = Esta arma ya se había registrado con los mismos marcajes: no se escribió nada nuevo. Esta es su ficha.
weapon-to-mark = Por marcar o destruir (Programa de Acción, II.8):
history-holder = Tenedor:
history-country = País:
history-location = Lugar:
history-document = Documento:
history-marking = Marcaje:
history-method = Método:
history-corrects = Corrige el asiento
history-void = tachado
history-superseded = Corregido por un asiento posterior.
history-status-at-registration = Estado en el momento del registro:
history-recorded = Registrado el { $at } por { $by }

## Record an event
event-title = Registrar un evento de { $serial }
event-back = Volver al arma
event-what = Qué ocurrió
event-kind = Evento
event-occurred = Fecha en que ocurrió
event-occurred-hint = El día en que ocurrió (YYYY-MM-DD), no el día en que lo registra.
event-holder = Tenedor después del evento (código)
event-holder-hint = El organismo, la unidad o la persona responsable del arma a partir de entonces: empiece a escribir un código.
event-location = Lugar
event-country = Otro país (código ISO)
event-country-hint = Para una exportación: el destino; para una importación: el origen. Dos letras, p. ej. KE.
event-document = Documento justificativo
event-document-kind = Tipo de documento
event-document-ref = Número del documento
event-marking = Marcaje aplicado
event-marking-hint = Para una importación o un (nuevo) marcaje: el marcaje tal como se estampó.
event-marking-kind = Tipo de marcaje
event-marking-place = Lugar en el arma
event-marking-text = Texto tal como se estampó
event-marking-country = País del marcaje (código ISO)
event-marking-year = Año del marcaje
event-destruction = Destrucción
event-method = Método de destrucción
event-correction-legend = Corrección
event-correction-hint = Una corrección nunca modifica el asiento anterior: es un asiento nuevo que indica qué era incorrecto y por qué.
event-corrects = Asiento corregido
event-reason = Motivo de la corrección
event-void = Tachar el asiento corregido (nunca debió registrarse)
event-notes = Observaciones
event-submit = Registrar

## Register a weapon
register-title = Registrar un arma
register-intro = Se aplican los mismos controles que en una importación CSV. Un arma sin número de serie o sin país de fabricación se registra y figura como «por marcar o destruir».
register-weapon = El arma
register-category = Categoría
register-make = Marca (fabricante)
register-model = Modelo
register-calibre = Calibre
register-calibre-hint = Tal como está marcado, p. ej. 7.62x39mm o 9x19mm.
register-serial = Número de serie
register-serial-hint = Exactamente como está estampado, en su propia escritura (p. ej. ЦП 0242).
register-country = País de fabricación (código ISO)
register-country-hint = Dos letras, p. ej. RU, BE, US.
register-year = Año de fabricación
register-marking-warning = Sin número de serie y sin país de fabricación, esta arma no está debidamente marcada: figurará como «por marcar o destruir» (Programa de Acción, II.8).
register-import = Marcaje de importación
register-import-marking = Marcaje de importación tal como se lee
register-import-hint = El marcaje aplicado en la importación (Instrumento Internacional de Localización, 8(b)), si lo hay.
register-import-country = País de importación (código ISO)
register-import-year = Año de importación
register-holding = Tenencia
register-holder = Tenedor (código)
register-holder-hint = El organismo, la unidad o el depósito responsable del arma: empiece a escribir un código.
register-status = Estado en el momento del registro
register-registered-on = Fecha de registro
register-registered-on-hint = Déjelo vacío para la fecha de hoy; en el caso de registros antiguos en papel, indique el día del asiento en el libro.
register-markings = Otros marcajes
register-markings-hint = Uno por línea o separados por «;», en la forma kind/place=text (tipo/lugar=texto), p. ej. remarking/barrel=KE-2020-001.
register-submit = Registrar

## Import
import-title = Importar un archivo CSV
import-intro = Armas, historiales de eventos (por ejemplo, los libros de un comerciante que cesó su actividad) o tenedores. Las filas válidas se guardan y las no válidas se enumeran en un informe; importar dos veces el mismo archivo no añade nada.
import-kind = Contenido del archivo
import-kind-weapons = Armas (weapons.csv)
import-kind-events = Historiales de eventos (events.csv)
import-kind-holders = Tenedores (holders.csv)
import-file = Archivo (CSV, UTF-8)
import-file-hint = Las columnas se describen en la guía del formato de importación. Como máximo, 256 MiB.
import-submit = Importar
import-scoped = La importación está reservada a los funcionarios con acceso a todo el registro. Su cuenta está limitada a un organismo: utilice los formularios.
import-too-large = El archivo supera los 256 MiB: divídalo.
import-unreadable = No se pudo leer el archivo enviado: inténtelo de nuevo.
import-no-kind = Indique qué contiene el archivo.
import-empty = El archivo está vacío.
import-job-title = Importación de { $file }
import-running = Importando: { $percent } % leído en { $seconds } s.
import-refresh = Esta página se actualiza automáticamente. Puede salir de ella: la importación continúa.
import-failed = No se pudo ejecutar la importación: { $detail }. Se conservan las filas de los lotes ya terminados; no se escribió nada más.
import-done = La importación ha terminado.
import-rows = Filas leídas
import-written = Filas guardadas
import-present = Ya en el registro
import-rejected = Filas rechazadas
import-report = Filas rechazadas
import-report-intro = Cada fila rechazada, con la columna, el valor y la regla que incumple. Corríjalas e importe de nuevo el archivo.
import-report-download = Descargar el informe completo (CSV)
import-col-row = Fila
import-col-column = Columna
import-col-value = Valor
import-col-reason = Regla
import-more-rejected = Otras filas rechazadas, que figuran en el informe descargable: { $n }.
import-again = Importar otro archivo

## Holders
holders-title = Tenedores y organismos
holders-intro = Tenedores: { $n } (organismos con sus unidades y depósitos, fabricantes, comerciantes y civiles con licencia).
holders-code = Código
holders-name = Nombre
holders-kind = Tipo
holders-country = País
holders-licence = Licencia
holders-weapons = Armas en tenencia

## Users
users-title = Usuarios y funciones
users-name = Cuenta
users-role = Función
users-agency = Organismo
users-language = Idioma
users-created-at = Creada
users-whole-registry = Todo el registro
users-new = Nueva cuenta
users-agency-hint = Un funcionario limitado a un organismo solo puede registrar eventos de las armas de ese organismo y de sus unidades.
users-submit = Crear la cuenta
users-created = Se creó la cuenta { $name }.
users-bad-role = Elija una función.
users-bad-agency = Ningún tenedor tiene este código.

## Access log
log-title = Registro de accesos
log-intact = El registro de accesos está íntegro (entradas verificadas: { $n }).
log-broken = El registro de accesos está dañado: { $detail }
log-filter = Buscar en el registro (cuenta, acción, arma, dirección)
log-filter-submit = Buscar
log-at = Cuándo
log-who = Cuenta
log-action = Acción
log-target = Objeto
log-client = Origen
log-outcome = Resultado

## Integrity
integrity-title = Verificación de integridad
integrity-intro = Recorre toda la cadena de asientos y el registro de accesos, comprueba cada hash y vuelve a calcular el estado de cada arma a partir de su historial.
integrity-run = Ejecutar la verificación
integrity-intact = El registro está íntegro: no se modificó, insertó ni eliminó ningún asiento.
integrity-broken = El registro NO está íntegro: consulte los problemas que figuran a continuación y, antes que nada, haga una copia de seguridad.
integrity-entries = Asientos del registro
integrity-weapons = Armas comparadas
integrity-holders = Tenedores comparados
integrity-log = Entradas del registro de accesos
integrity-head = Cabeza de la cadena
integrity-seconds = Segundos
integrity-problems = Problemas encontrados
integrity-head-hint = Anote el hash de cabeza fuera de armtrace: verify --expect-head demostrará después que la cadena no se ha reescrito desde entonces.

## Roles
role-administrator = Administrador
role-registry_officer = Funcionario del registro
role-licensing_officer = Funcionario de licencias
role-stockpile_manager = Gestor de existencias
role-investigator = Investigador
role-point_of_contact = Punto de contacto
role-auditor = Auditor

## Statuses
status-in_service = En servicio
status-in_stock = En existencias
status-civilian_licensed = Civil, con licencia
status-lost = Perdida
status-stolen = Robada
status-seized = Incautada
status-surplus = Excedente
status-destroyed = Destruida
status-exported = Exportada
status-collected = Recogida
status-recovered = Recuperada

## Categories
category-pistol_revolver = Revólver o pistola
category-rifle_carbine = Fusil o carabina
category-submachine_gun = Metralleta
category-assault_rifle = Fusil de asalto
category-light_machine_gun = Ametralladora ligera
category-small_arm_other = Otra arma pequeña
category-heavy_machine_gun = Ametralladora pesada
category-grenade_launcher = Lanzagranadas
category-portable_anti_aircraft_gun = Cañón antiaéreo portátil
category-portable_anti_tank_gun = Cañón antitanque portátil
category-recoilless_rifle = Fusil sin retroceso
category-anti_tank_launcher = Lanzador de misiles o cohetes antitanque
category-manpads = Sistema portátil de defensa antiaérea (MANPADS)
category-mortar = Mortero (menos de 100 mm)
category-light_weapon_other = Otra arma ligera

## Events
event-manufactured = Fabricada
event-imported = Importada
event-exported = Exportada
event-transferred = Transferida
event-issued = Asignada
event-returned = Devuelta
event-reported_lost = Denunciada como perdida
event-reported_stolen = Denunciada como robada
event-recovered = Recuperada
event-seized = Incautada
event-collected = Entregada o recogida
event-designated_surplus = Declarada excedente
event-destroyed = Destruida
event-marked = Marcada o remarcada
event-correction = Corrección

## Documents
document-licence = Licencia
document-court_order = Orden judicial
document-certificate = Certificado
document-end_user_certificate = Certificado de usuario final
document-destruction_certificate = Certificado de destrucción
document-police_report = Informe policial
document-other = Otro documento

## Destruction methods
method-cutting = Corte
method-crushing = Aplastamiento
method-smelting = Fundición
method-burning = Quema
method-shredding = Trituración
method-detonation = Detonación
method-other = Otro método

## Holder kinds
holder-kind-state_agency = Organismo estatal
holder-kind-agency_unit = Unidad de un organismo
holder-kind-depot = Depósito
holder-kind-manufacturer = Fabricante
holder-kind-dealer = Comerciante
holder-kind-civilian = Civil con licencia
holder-kind-foreign_state = Estado extranjero
holder-kind-other = Otro

## Marking kinds and places
marking-kind-manufacture = Fabricación
marking-kind-import = Importación
marking-kind-state_transfer = Transferencia del Estado a uso civil
marking-kind-alternative_code = Código único alternativo
marking-kind-remarking = Nuevo marcaje
marking-kind-other = Otro
place-frame = Armazón o cajón de mecanismos
place-barrel = Cañón
place-slide = Corredera
place-other = Otro lugar

## Marking deficiencies (PoA II.8)
deficiency-no_unique_marking = sin marcaje único (número de serie)
deficiency-no_country_of_manufacture = sin país de fabricación
deficiency-no_import_marking = sin marcaje de importación

## Kinds of search match
tier-exact = exacta
tier-normalised = mismo marcaje, escrito de otra manera
tier-look-alike = caracteres de aspecto similar
tier-confusion = error de lectura habitual
tier-wildcard = caracteres ilegibles
tier-edit = error de lectura

## Páginas de localización (plan ITI A.3–6)
nav-traces = Localización
weapon-open-trace = Abrir una solicitud de localización
traces-title = Solicitudes de localización
traces-intro = Solicitudes de localización de armas ilícitas intercambiadas con otros Estados por conducto de sus puntos de contacto nacionales (Instrumento Internacional de Localización). Solo los puntos de contacto y el investigador que abrió una solicitud pueden verla; cada consulta queda anotada en el registro de accesos.
traces-no-node = Este servidor aún no es un nodo del intercambio entre Estados: en este registro se pueden abrir solicitudes y realizar la localización, pero no enviarlas ni responderlas. El administrador configura el nodo con el comando «armtrace node init» (véase la guía de localización).
traces-none = Todavía no hay ninguna solicitud de localización.
traces-reference = Referencia
traces-direction = Sentido
traces-peer = Otro Estado
traces-weapon = Arma
traces-status = Situación
traces-answer-by = Plazo de respuesta
traces-overdue = plazo vencido
trace-no-peer = aún no enviada
trace-direction-outgoing = Solicitud nuestra
trace-direction-incoming = Solicitud dirigida a nosotros
trace-status-draft = Abierta, sin enviar
trace-status-sent = Enviada
trace-status-acknowledged = Recepción confirmada
trace-status-delayed = Respuesta aplazada
trace-status-answered = Respondida
trace-status-failed = Entrega fallida
trace-status-received = Recibida, pendiente de respuesta
trace-new-title = Abrir una solicitud de localización
trace-new-intro = armtrace busca primero el arma en este registro (localización nacional) y luego propone a quién consultar: al Estado del último marcaje de importación o al Estado de fabricación. Después, un punto de contacto examina la solicitud y la envía.
trace-new-from-weapon = Datos tomados de la ficha del arma { $serial }: compruebe cada campo antes de abrir la solicitud.
trace-section-case = El caso
trace-section-weapon = El arma
trace-section-markings = Marcajes tal como se leen
trace-section-circumstances = Dónde y cuándo se encontró
trace-section-use = Uso y protección de la respuesta
trace-field-reference = Su referencia
trace-field-reference-hint = El número de expediente de su servicio; la respuesta lo repetirá.
trace-field-authority = Autoridad solicitante
trace-field-illicit = Por qué el arma es ilícita
trace-field-illicit-hint = Por ejemplo: incautada a un grupo armado; número de serie parcialmente limado.
trace-field-legal-basis = Fundamento jurídico de la solicitud
trace-field-legal-basis-hint = La ley o el acuerdo en virtud del cual formula la solicitud, por ejemplo el Instrumento Internacional de Localización y su legislación nacional.
trace-field-category = Categoría
trace-not-known = Se desconoce
trace-field-make = Marca
trace-field-model = Modelo
trace-field-calibre = Calibre
trace-field-serial = Número de serie
trace-field-serial-hint = Exactamente como se lee, incluidos los caracteres dudosos.
trace-field-country = País de fabricación
trace-field-country-hint = Código ISO 3166 de dos letras, p. ej. BE.
trace-field-year = Año de fabricación
trace-markings-hint = Copie cada marcaje exactamente como se lee. Deje vacías las filas que no utilice. Un marcaje de importación con su país indica a armtrace a qué otro Estado consultar.
trace-marking-kind = Tipo
trace-marking-text = Texto tal como se lee
trace-marking-place = Lugar
trace-marking-country = País
trace-marking-year = Año
trace-marking-row-kind = Tipo del marcaje { $row }
trace-marking-row-text = Texto del marcaje { $row }
trace-marking-row-place = Lugar del marcaje { $row }
trace-marking-row-country = País del marcaje { $row }
trace-marking-row-year = Año del marcaje { $row }
trace-field-date = Fecha del hallazgo
trace-field-place = Lugar del hallazgo
trace-field-description = Circunstancias del hallazgo
trace-field-urgency = Urgencia
trace-field-urgency-hint = Urgente: necesaria para una investigación o un procedimiento en curso.
trace-urgency = Urgencia
trace-urgency-routine = Ordinaria
trace-urgency-urgent = Urgente
trace-field-use = Uso previsto de la información
trace-field-use-hint = Por ejemplo: investigación penal y enjuiciamiento del caso indicado.
trace-field-confidentiality = Condiciones de confidencialidad
trace-field-confidentiality-hint = Cómo debe protegerse la información del Estado que responde; estas condiciones se envían con la solicitud.
trace-default-confidentiality = Exclusivamente para la investigación indicada en esta solicitud; no podrá comunicarse a terceros sin el consentimiento del Estado que responde.
trace-field-answer-by = Fecha límite de respuesta
trace-field-answer-by-hint = La fecha en la que necesita la respuesta.
trace-new-submit = Abrir la solicitud y realizar la localización nacional
trace-error-required = Rellene este campo: el Estado requerido lo necesita.
trace-error-date = Escriba la fecha como año-mes-día, p. ej. 2026-03-14.
trace-error-year = Escriba el año con cuatro cifras, p. ej. 1998.
trace-error-identify = Indique el número de serie o al menos un marcaje: sin ellos no se puede localizar el arma.
trace-error-marking-text = Escriba el texto del marcaje o deje también vacíos su país y su año.
trace-error-decision = Elija aprobar, restringir, aplazar o rechazar.
trace-title = Solicitud de localización { $reference }
trace-done-opened = Se abrió la solicitud y se realizó la localización nacional. Ahora un punto de contacto la examinará y la enviará.
trace-done-sent = Se envió la solicitud. El acuse de recibo firmado del otro Estado suele llegar en unos instantes.
trace-done-decided = Se registró la decisión; la respuesta saldrá exactamente según lo decidido.
trace-done-followed = Se abrió la solicitud de seguimiento: examínela y envíela al siguiente Estado.
trace-confidential = Confidencial: solo los puntos de contacto y el investigador que abrió esta solicitud pueden verla. Esta consulta quedó anotada en el registro de accesos.
trace-failure = Motivo del fallo de entrega
trace-investigator = Investigador
trace-follows = Da seguimiento a
trace-id = Identificador del caso
trace-awaits-poc = Un punto de contacto debe examinar esta solicitud y enviarla.
trace-section-request = La solicitud
trace-domestic = Localización nacional
trace-domestic-none = Ningún arma de este registro coincide con la descripción.
trace-domestic-found = Armas de este registro que coinciden con la descripción:
trace-proposals = A quién consultar
trace-proposals-none = armtrace no puede proponer ningún Estado: la solicitud no indica el país de fabricación ni un marcaje de importación con su país.
trace-why-last_import = último marcaje de importación
trace-why-manufacture = Estado de fabricación
trace-answers = Respuestas
trace-answers-none = Todavía no hay ninguna respuesta.
trace-outcome-found = Encontrada en los registros
trace-outcome-not_found = No encontrada en los registros
trace-outcome-partial = Encontrada parcialmente
trace-outcome-delayed = Respuesta aplazada
trace-outcome-restricted = Encontrada; información restringida
trace-outcome-declined = Solicitud rechazada
trace-answer-conditions = Condiciones fijadas por el Estado que responde:
trace-reasons = Motivos
trace-final-by = Respuesta definitiva antes del
trace-manufacture = Fabricación
trace-last-holder = Último tenedor legal
trace-since = desde el { $date }
trace-record-status = Situación en su registro
trace-exports = Exportaciones registradas
trace-imports = Importaciones registradas
trace-transfer-date = Fecha
trace-transfer-state = Estado
trace-transfer-party = Parte
trace-transfer-document = Documento
trace-transfer-marking = Marcaje
trace-next-state = Siguiente Estado al que consultar:
trace-chain = Cadena de suministro
trace-chain-manufactured = Fabricada
trace-chain-imported = Importada
trace-chain-exported = Exportada
trace-chain-last_legal_holder = Último tenedor legal
trace-chain-left_legal_hands = Salió del circuito legal
trace-chain-found = Hallada
trace-chain-source = Procedente del caso
trace-steps = Etapas
trace-step-opened = Abierta
trace-step-sent = Enviada
trace-step-acknowledged = Recepción confirmada por el otro Estado
trace-step-delivery_failed = Entrega fallida
trace-step-answer_received = Respuesta recibida
trace-step-reminder = Recordatorio: la respuesta está atrasada
trace-step-received = Recibida
trace-step-drafted = Respuesta preparada a partir del registro
trace-step-decided = Decisión del punto de contacto
trace-step-by = por { $by }
trace-no-directory = Aún no se conoce ningún otro punto de contacto: el administrador debe importar el directorio de puntos de contacto («armtrace node import-directory»).
trace-send-title = Enviar a un punto de contacto
trace-send-hint = Está seleccionado el Estado propuesto por armtrace; compruébelo antes de enviar. La solicitud sale firmada y se entrega aunque el otro Estado no esté localizable durante un tiempo.
trace-send-to = Punto de contacto
trace-send-submit = Enviar la solicitud
trace-decide-title = Decidir antes de que salga nada
trace-drafting = Se está preparando la respuesta a partir del registro: vuelva a cargar esta página dentro de un momento.
trace-draft-intro = armtrace preparó esta respuesta a partir del registro. No se ha enviado nada: apruébela, restrínjala o aplácela, o bien rechace la solicitud, indicando los motivos.
trace-decision = Decisión
trace-decision-approve = Aprobar: enviar la respuesta tal como se preparó
trace-decision-restrict = Restringir: enviar la respuesta sin el último tenedor legal, indicando los motivos
trace-decision-delay = Aplazar: indicar por qué y cuándo llegará la respuesta definitiva
trace-decision-decline = Rechazar la solicitud, indicando los motivos
trace-reasons-hint = Obligatorios para restringir, aplazar o rechazar; el Estado solicitante los leerá.
trace-final-by-hint = Solo en caso de aplazamiento: la fecha de la respuesta definitiva.
trace-conditions = Condiciones de uso fijadas para la respuesta
trace-decide-submit = Registrar la decisión
trace-follow-title = Continuar con el siguiente Estado
trace-follow-hint = La respuesta menciona a { $state }: abra una solicitud dirigida a su punto de contacto con la misma descripción del arma.
trace-follow-submit = Abrir la solicitud de seguimiento
