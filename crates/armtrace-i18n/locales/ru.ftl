# armtrace — русский. Каждое сообщение из en.ftl должно быть и здесь
# (иначе не проходит crates/armtrace-i18n/tests/catalog.rs). Переменные: { $name }.

## Formats (chrono strftime patterns; month names come from the locale)
date-format = %-d %B %Y г.
date-time-format = %-d %B %Y г., %H:%M UTC
month-format = %m.%Y

## Frame
skip-to-content = Перейти к содержанию
nav-label = Главное меню
nav-dashboard = Сводка
nav-search = Поиск
nav-register = Зарегистрировать оружие
nav-import = Импорт
nav-holders = Владельцы
nav-users = Пользователи
nav-access-log = Журнал доступа
nav-integrity = Проверка целостности
language = Язык
language-change = Сменить
logout = Выйти
footer = armtrace — записи, хранимые в качестве доказательств в соответствии с Программой действий ООН и Международным документом по отслеживанию.
pages = Страницы
page-next = Следующая страница
page-previous = Предыдущая страница
page-older = Более ранние записи

## Errors
error-not-found-title = Не найдено
error-not-found = Такой страницы или записи не существует.
error-forbidden-title = Действие запрещено
error-forbidden = Ваша роль ({ $role }) не дает права на это действие. Если оно вам необходимо, обратитесь к администратору.
error-csrf-title = Срок действия формы истек
error-csrf = Эта форма отправлена не из текущего сеанса (возможно, со старой страницы или с другого сайта). Ничего не изменено.
error-try-again = Повторить
error-request-title = Не удается прочитать запрос
error-internal-title = Произошла ошибка
error-internal = Сбой на сервере. Ничего не изменено; повторите попытку, а если ошибка повторится, сообщите администратору.
form-has-errors = Некоторые поля нужно исправить: см. сообщения рядом с ними.
form-field-needed = Заполните это поле вместе с полем, к которому оно относится, или оставьте оба пустыми.

## Login and setup
login-title = Вход
login-username = Имя учетной записи
login-password = Пароль
login-submit = Войти
login-help = Еще нет учетной записи? Ее создает администратор. Первый администратор создается на сервере командой: armtrace user add NAME --role administrator
login-failed = Неверное имя учетной записи или пароль.
login-locked = Слишком много неудачных попыток входа: учетная запись временно заблокирована.
login-wait = Попытка входа только что не удалась: подождите { $seconds } с, прежде чем повторить.
login-created = Учетная запись создана: войдите с ее помощью.
setup-title = Создание первого администратора
setup-intro = Эта ссылка действует один раз, пока в armtrace нет ни одной учетной записи. Созданный здесь администратор затем создает учетные записи сотрудников.
setup-password = Пароль (не менее 12 символов)
setup-password-again = Повторите пароль
setup-submit = Создать администратора
setup-mismatch = Пароли не совпадают.
account-invalid-name = Имя учетной записи состоит из 1–64 букв, цифр и символов «.», «_», «-» или «@».
account-weak-password = Пароль должен содержать не менее 12 символов и отличаться от имени учетной записи.
account-exists = Это имя учетной записи уже занято.

## Dashboard
dashboard-title = Сводка
dashboard-figures = Основные показатели
dashboard-weapons = единиц оружия
dashboard-holders = владельцев
dashboard-entries = записей реестра
dashboard-to-mark = подлежат маркировке или уничтожению
dashboard-by-status = Оружие по статусу
dashboard-by-category = Оружие по категориям
dashboard-by-agency = Оружие по ведомствам
dashboard-col-status = Статус
dashboard-col-category = Категория
dashboard-col-agency = Ведомство
dashboard-col-weapons = Единиц оружия
dashboard-col-month = Месяц
dashboard-col-events = Событий
dashboard-total = Итого
dashboard-no-holder = Без владельца
dashboard-other-holders = Прочие владельцы
dashboard-events-per-month = События по месяцам (последние 24 месяца, по дате события)
dashboard-chart-caption = Наибольшее число событий за месяц: { $max }.
dashboard-chart-table = Те же данные в виде таблицы
dashboard-recent = Последние действия
col-recorded = Записано
col-by = Кем
col-record = Запись
col-weapon = Оружие
record-registered = Регистрация оружия
record-holder = Регистрация владельца { $code }

## Search
search-title = Поиск по маркировке
search-label = Маркировка (как прочитана)
search-submit = Найти
search-hint = Введите то, что удается прочитать. ? — один нечитаемый символ, * — последовательность таких символов, ~1 допускает одну ошибку прочтения.
search-help = Как составить запрос
help-intro = Регистр букв, пробелы, дефисы, сходные по начертанию буквы других алфавитов и цифры других систем письма значения не имеют. Находятся и типичные ошибки прочтения (0/O, 1/I, 5/S, 8/B…).
help-col-query = Вы вводите
help-col-means = Будет найдено
help-plain = маркировка KR1234, KR-1234, kr 1234…
help-unreadable = один нечитаемый символ на месте ?
help-run = маркировка, начало которой утрачено
help-edit = маркировка не более чем с одной ошибкой прочтения сверх обычных путаниц
help-scripts = кириллица, сходные латинские буквы и арабско-индийские цифры равнозначно
help-filters = фильтры: производитель, годы изготовления и маркировка
help-status = изъятое или утраченное оружие производства России
help-filters-list = Фильтры: make: (марка), model: (модель), calibre: (калибр), category: (категория), country: (страна, код ISO), year: (год: 1990, 1980-1990), status: (статус: seized,lost).
search-invalid = Не удается разобрать запрос: { $detail }
search-results = { $n ->
    [0] По запросу «{ $query }» оружие не найдено
    [one] По запросу «{ $query }» найдена { $n } единица оружия
    [few] По запросу «{ $query }» найдены { $n } единицы оружия
    [many] По запросу «{ $query }» найдено { $n } единиц оружия
   *[other] По запросу «{ $query }» найдено { $n } единицы оружия
}
search-none = Совпадений нет. Попробуйте ввести меньше символов, использовать ? вместо нечитаемого символа или ~1.
search-why = Почему найдено
search-score = оценка { $score }
why-exact = маркировка точно в прочитанном виде
why-normalised = та же маркировка в другом написании (регистр, разделители, система цифр)
why-look-alike = символ { $stored } прочитан как сходный по начертанию символ { $read } в позиции { $pos }
why-confusion = символ { $stored } прочитан как { $read } в позиции { $pos } (типичная ошибка прочтения)
why-unreadable = нечитаемый символ в позиции { $pos } — это { $stored }
why-unreadable-run = { $n ->
    [0] нечитаемая последовательность в позиции { $pos } пуста
   *[other] нечитаемая последовательность в позициях { $pos }–{ $end } — это { $stored }
}
why-misread = символ { $stored } прочитан как { $read } в позиции { $pos } (ошибка прочтения)
why-missing = символ { $stored } в позиции { $pos } отсутствует в прочитанном
why-extra = символ { $read }, прочитанный перед позицией { $pos }, в маркировке отсутствует
why-transposed = символы { $stored } в позиции { $pos } прочитаны в обратном порядке

## Weapon
weapon-serial = Серийный номер
weapon-category = Категория
weapon-calibre = Калибр
weapon-made = Страна изготовления
weapon-status = Статус
weapon-holder = Владелец
weapon-location = Местонахождение
weapon-id = Идентификатор оружия
weapon-markings = Маркировка
weapon-no-markings = Маркировка не зарегистрирована.
weapon-history = История
weapon-record-event = Зарегистрировать событие
weapon-open = открыть
weapon-recorded = Событие зарегистрировано (запись реестра #{ $seq }).
weapon-registered = Оружие зарегистрировано (запись реестра #{ $seq }).
weapon-already-present = Это оружие уже было зарегистрировано с той же маркировкой: ничего нового не записано. Ниже — его учетная карточка.
weapon-to-mark = Подлежит маркировке или уничтожению (Программа действий, II.8):
history-holder = Владелец:
history-country = Страна:
history-location = Место:
history-document = Документ:
history-marking = Маркировка:
history-method = Способ:
history-corrects = Исправляет запись
history-void = вычеркнута
history-superseded = Исправлено более поздней записью.
history-status-at-registration = Статус при регистрации:
history-recorded = Записано { $at } пользователем { $by }

## Record an event
event-title = Регистрация события: { $serial }
event-back = Назад к оружию
event-what = Что произошло
event-kind = Событие
event-occurred = Дата события
event-occurred-hint = День, когда событие произошло (YYYY-MM-DD), а не день его регистрации.
event-holder = Владелец после события (код)
event-holder-hint = Ведомство, подразделение или лицо, отвечающее за оружие после события: начните вводить код.
event-location = Место
event-country = Другая страна (код ISO)
event-country-hint = При экспорте — страна назначения, при импорте — страна происхождения. Две буквы, например KE.
event-document = Документ-основание
event-document-kind = Вид документа
event-document-ref = Номер документа
event-marking = Нанесенная маркировка
event-marking-hint = При импорте или (повторной) маркировке: маркировка в том виде, в каком она нанесена.
event-marking-kind = Вид маркировки
event-marking-place = Место на оружии
event-marking-text = Текст в нанесенном виде
event-marking-country = Страна маркировки (код ISO)
event-marking-year = Год маркировки
event-destruction = Уничтожение
event-method = Способ уничтожения
event-correction-legend = Исправление
event-correction-hint = Исправление никогда не изменяет прежнюю запись: это новая запись, в которой указано, что было неверно и почему.
event-corrects = Исправляемая запись
event-reason = Причина исправления
event-void = Вычеркнуть исправляемую запись (ее вообще не следовало делать)
event-notes = Примечания
event-submit = Зарегистрировать

## Register a weapon
register-title = Регистрация оружия
register-intro = Применяются те же проверки, что и при импорте CSV. Оружие без серийного номера или страны изготовления регистрируется и вносится в список «подлежит маркировке или уничтожению».
register-weapon = Оружие
register-category = Категория
register-make = Марка (производитель)
register-model = Модель
register-calibre = Калибр
register-calibre-hint = Как указано в маркировке, например 7.62x39mm или 9x19mm.
register-serial = Серийный номер
register-serial-hint = Точно так, как нанесен, в исходной графике (например, ЦП 0242).
register-country = Страна изготовления (код ISO)
register-country-hint = Две буквы, например RU, BE, US.
register-year = Год изготовления
register-marking-warning = Без серийного номера и страны изготовления это оружие не имеет надлежащей маркировки: оно будет внесено в список «подлежит маркировке или уничтожению» (Программа действий, II.8).
register-import = Импортная маркировка
register-import-marking = Импортная маркировка (как прочитана)
register-import-hint = Маркировка, нанесенная при импорте (Международный документ по отслеживанию, 8(b)), если она есть.
register-import-country = Страна импорта (код ISO)
register-import-year = Год импорта
register-holding = Хранение
register-holder = Владелец (код)
register-holder-hint = Ведомство, подразделение или склад, отвечающие за оружие: начните вводить код.
register-status = Статус при регистрации
register-registered-on = Дата регистрации
register-registered-on-hint = Оставьте пустым, чтобы указать сегодняшнюю дату; для старых бумажных записей — дату записи в книге учета.
register-markings = Дополнительная маркировка
register-markings-hint = По одной на строку или через «;», в виде kind/place=text (вид/место=текст), например remarking/barrel=KE-2020-001.
register-submit = Зарегистрировать

## Import
import-title = Импорт файла CSV
import-intro = Оружие, истории событий (например, учетные книги закрывшегося торговца) или владельцы. Правильные строки сохраняются, неправильные перечисляются в отчете; повторный импорт того же файла ничего не добавляет.
import-kind = Содержимое файла
import-kind-weapons = Оружие (weapons.csv)
import-kind-events = Истории событий (events.csv)
import-kind-holders = Владельцы (holders.csv)
import-file = Файл (CSV, UTF-8)
import-file-hint = Столбцы описаны в руководстве по формату импорта. Не более 256 MiB.
import-submit = Импортировать
import-scoped = Импорт доступен только сотрудникам, работающим со всем реестром. Ваша учетная запись ограничена одним ведомством: пользуйтесь формами.
import-too-large = Файл больше 256 MiB: разделите его.
import-unreadable = Не удалось прочитать загруженный файл: повторите попытку.
import-no-kind = Укажите, что содержит файл.
import-empty = Файл пуст.
import-job-title = Импорт файла { $file }
import-running = Идет импорт: прочитано { $percent } % за { $seconds } с.
import-refresh = Страница обновляется автоматически. Ее можно закрыть: импорт продолжится.
import-failed = Импорт не удалось выполнить: { $detail }. Строки уже завершенных пакетов сохранены; больше ничего не записано.
import-done = Импорт завершен.
import-rows = Прочитано строк
import-written = Сохранено строк
import-present = Уже в реестре
import-rejected = Отклонено строк
import-report = Отклоненные строки
import-report-intro = Каждая отклоненная строка с указанием столбца, значения и нарушенного правила. Исправьте их и импортируйте файл снова.
import-report-download = Скачать полный отчет (CSV)
import-col-row = Строка
import-col-column = Столбец
import-col-value = Значение
import-col-reason = Правило
import-more-rejected = Еще отклоненных строк в отчете для скачивания: { $n }.
import-again = Импортировать другой файл

## Holders
holders-title = Владельцы и ведомства
holders-intro = Всего владельцев: { $n } (ведомства с подразделениями и складами, производители, торговцы и гражданские лица, имеющие лицензию).
holders-code = Код
holders-name = Наименование
holders-kind = Тип
holders-country = Страна
holders-licence = Лицензия
holders-weapons = Единиц оружия

## Users
users-title = Пользователи и роли
users-name = Учетная запись
users-role = Роль
users-agency = Ведомство
users-language = Язык
users-created-at = Создана
users-whole-registry = Весь реестр
users-new = Новая учетная запись
users-agency-hint = Сотрудник, привязанный к ведомству, регистрирует события только для оружия этого ведомства и его подразделений.
users-submit = Создать учетную запись
users-created = Учетная запись { $name } создана.
users-bad-role = Выберите роль.
users-bad-agency = Владельца с таким кодом нет.

## Access log
log-title = Журнал доступа
log-intact = Целостность журнала доступа не нарушена (проверено записей: { $n }).
log-broken = Целостность журнала доступа нарушена: { $detail }
log-filter = Поиск в журнале (учетная запись, действие, оружие, адрес)
log-filter-submit = Найти
log-at = Когда
log-who = Учетная запись
log-action = Действие
log-target = Объект
log-client = Откуда
log-outcome = Результат

## Integrity
integrity-title = Проверка целостности
integrity-intro = Проходит всю цепочку записей и журнал доступа, проверяет каждый хеш и заново выводит состояние каждой единицы оружия из ее истории.
integrity-run = Запустить проверку
integrity-intact = Целостность реестра не нарушена: ни одна запись не изменена, не вставлена и не удалена.
integrity-broken = Целостность реестра НАРУШЕНА: см. проблемы ниже и прежде всего сделайте резервную копию.
integrity-entries = Записей реестра
integrity-weapons = Сверено единиц оружия
integrity-holders = Сверено владельцев
integrity-log = Записей журнала доступа
integrity-head = Вершина цепочки
integrity-seconds = Секунды
integrity-problems = Выявленные проблемы
integrity-head-hint = Запишите хеш вершины цепочки вне armtrace: затем verify --expect-head позволит доказать, что цепочка с тех пор не переписывалась.

## Roles
role-administrator = Администратор
role-registry_officer = Сотрудник реестра
role-licensing_officer = Сотрудник по лицензированию
role-stockpile_manager = Ответственный за запасы
role-investigator = Следователь
role-point_of_contact = Контактный пункт
role-auditor = Аудитор

## Statuses
status-in_service = В эксплуатации
status-in_stock = На складе
status-civilian_licensed = У гражданского лица по лицензии
status-lost = Утрачено
status-stolen = Похищено
status-seized = Изъято
status-surplus = Излишек
status-destroyed = Уничтожено
status-exported = Экспортировано
status-collected = Собрано
status-recovered = Найдено

## Categories
category-pistol_revolver = Револьвер или пистолет
category-rifle_carbine = Винтовка или карабин
category-submachine_gun = Пистолет-пулемет
category-assault_rifle = Штурмовая винтовка (автомат)
category-light_machine_gun = Ручной пулемет
category-small_arm_other = Другое стрелковое оружие
category-heavy_machine_gun = Тяжелый пулемет
category-grenade_launcher = Гранатомет
category-portable_anti_aircraft_gun = Переносное зенитное орудие
category-portable_anti_tank_gun = Переносное противотанковое орудие
category-recoilless_rifle = Безоткатное орудие
category-anti_tank_launcher = Переносная пусковая установка противотанковых ракет
category-manpads = ПЗРК
category-mortar = Миномет (калибра менее 100 мм)
category-light_weapon_other = Другие легкие вооружения

## Events
event-manufactured = Изготовление
event-imported = Импорт
event-exported = Экспорт
event-transferred = Передача
event-issued = Выдача
event-returned = Возврат
event-reported_lost = Заявление об утрате
event-reported_stolen = Заявление о хищении
event-recovered = Обнаружение
event-seized = Изъятие
event-collected = Сдача или сбор
event-designated_surplus = Признание излишним
event-destroyed = Уничтожение
event-marked = Маркировка или повторная маркировка
event-correction = Исправление

## Documents
document-licence = Лицензия
document-court_order = Решение суда
document-certificate = Сертификат
document-end_user_certificate = Сертификат конечного пользователя
document-destruction_certificate = Акт об уничтожении
document-police_report = Полицейский протокол
document-other = Другой документ

## Destruction methods
method-cutting = Резка
method-crushing = Прессование
method-smelting = Переплавка
method-burning = Сжигание
method-shredding = Измельчение
method-detonation = Подрыв
method-other = Другой способ

## Holder kinds
holder-kind-state_agency = Государственное ведомство
holder-kind-agency_unit = Подразделение ведомства
holder-kind-depot = Склад
holder-kind-manufacturer = Производитель
holder-kind-dealer = Торговец
holder-kind-civilian = Гражданское лицо с лицензией
holder-kind-foreign_state = Иностранное государство
holder-kind-other = Другое

## Marking kinds and places
marking-kind-manufacture = При изготовлении
marking-kind-import = При импорте
marking-kind-state_transfer = При передаче из госзапасов в гражданский оборот
marking-kind-alternative_code = Альтернативный уникальный код
marking-kind-remarking = Повторная маркировка
marking-kind-other = Другая
place-frame = Рамка или ствольная коробка
place-barrel = Ствол
place-slide = Затвор-кожух
place-other = Другое место

## Marking deficiencies (PoA II.8)
deficiency-no_unique_marking = нет уникальной маркировки (серийного номера)
deficiency-no_country_of_manufacture = не указана страна изготовления
deficiency-no_import_marking = нет импортной маркировки

## Kinds of search match
tier-exact = точное совпадение
tier-normalised = та же маркировка в другом написании
tier-look-alike = сходные по начертанию буквы
tier-confusion = типичная ошибка прочтения
tier-wildcard = нечитаемые символы
tier-edit = ошибка прочтения

## Страницы отслеживания (план ITI A.3–6)
nav-traces = Отслеживание
weapon-open-trace = Открыть запрос об отслеживании
traces-title = Запросы об отслеживании
traces-intro = Запросы об отслеживании незаконного оружия, которыми мы обмениваемся с другими государствами через их национальные контактные пункты (Международный документ по отслеживанию). Запрос могут просматривать только контактные пункты и следователь, открывший его; каждый просмотр фиксируется в журнале доступа.
traces-no-node = Этот сервер еще не является узлом обмена между государствами: в этом реестре можно открывать запросы и проводить отслеживание, но нельзя отправлять их и отвечать на них. Администратор настраивает узел командой «armtrace node init» (см. руководство по отслеживанию).
traces-none = Запросов об отслеживании пока нет.
traces-reference = Номер
traces-direction = Направление
traces-peer = Другое государство
traces-weapon = Оружие
traces-status = Статус
traces-answer-by = Срок ответа
traces-overdue = просрочено
trace-no-peer = еще не отправлен
trace-direction-outgoing = Наш запрос
trace-direction-incoming = Запрос в наш адрес
trace-status-draft = Открыт, не отправлен
trace-status-sent = Отправлен
trace-status-acknowledged = Получение подтверждено
trace-status-delayed = Ответ отложен
trace-status-answered = Ответ дан
trace-status-failed = Сбой доставки
trace-status-received = Получен, требуется ответ
trace-new-title = Открыть запрос об отслеживании
trace-new-intro = Сначала armtrace ищет оружие в этом реестре (внутреннее отслеживание), затем предлагает, куда направить запрос: государству последней импортной маркировки или государству изготовления. После этого контактный пункт проверяет запрос и отправляет его.
trace-new-from-weapon = Заполнено по учетной карточке оружия { $serial }: проверьте каждое поле, прежде чем открыть запрос.
trace-section-case = Дело
trace-section-weapon = Оружие
trace-section-markings = Маркировка (как прочитана)
trace-section-circumstances = Где и когда обнаружено
trace-section-use = Использование и защита ответа
trace-field-reference = Ваш номер
trace-field-reference-hint = Номер дела в вашей службе; он будет указан в ответе.
trace-field-authority = Запрашивающий орган
trace-field-illicit = Почему оружие является незаконным
trace-field-illicit-hint = Например: изъято у вооруженной группы; серийный номер частично спилен.
trace-field-legal-basis = Правовое основание запроса
trace-field-legal-basis-hint = Закон или соглашение, на основании которого вы направляете запрос, например Международный документ по отслеживанию и ваше национальное законодательство.
trace-field-category = Категория
trace-not-known = Неизвестно
trace-field-make = Марка
trace-field-model = Модель
trace-field-calibre = Калибр
trace-field-serial = Серийный номер
trace-field-serial-hint = Точно так, как прочитан, включая сомнительные символы.
trace-field-country = Страна изготовления
trace-field-country-hint = Двухбуквенный код ISO 3166, например BE.
trace-field-year = Год изготовления
trace-markings-hint = Перепишите каждую маркировку точно так, как она прочитана. Неиспользуемые строки оставьте пустыми. Импортная маркировка с указанием страны подсказывает armtrace, в какое государство направить запрос.
trace-marking-kind = Вид
trace-marking-text = Текст (как прочитан)
trace-marking-place = Место
trace-marking-country = Страна
trace-marking-year = Год
trace-marking-row-kind = Вид маркировки { $row }
trace-marking-row-text = Текст маркировки { $row }
trace-marking-row-place = Место маркировки { $row }
trace-marking-row-country = Страна маркировки { $row }
trace-marking-row-year = Год маркировки { $row }
trace-field-date = Дата обнаружения
trace-field-place = Место обнаружения
trace-field-description = Обстоятельства обнаружения
trace-field-urgency = Срочность
trace-field-urgency-hint = Срочный: необходим для текущего расследования или судебного разбирательства.
trace-urgency = Срочность
trace-urgency-routine = Обычный
trace-urgency-urgent = Срочный
trace-field-use = Предполагаемое использование информации
trace-field-use-hint = Например: уголовное расследование и уголовное преследование по указанному выше делу.
trace-field-confidentiality = Условия конфиденциальности
trace-field-confidentiality-hint = Как должна быть защищена информация отвечающего государства; эти условия направляются вместе с запросом.
trace-default-confidentiality = Только для расследования, указанного в настоящем запросе; не подлежит передаче третьим сторонам без согласия отвечающего государства.
trace-field-answer-by = Требуемый срок ответа
trace-field-answer-by-hint = Дата, к которой вам нужен ответ.
trace-new-submit = Открыть запрос и провести внутреннее отслеживание
trace-error-required = Заполните это поле: оно необходимо запрашиваемому государству.
trace-error-date = Укажите дату в формате год-месяц-день, например 2026-03-14.
trace-error-year = Укажите год четырьмя цифрами, например 1998.
trace-error-identify = Укажите серийный номер или хотя бы одну маркировку: без них оружие невозможно отследить.
trace-error-marking-text = Укажите текст маркировки или оставьте пустыми также ее страну и год.
trace-error-decision = Выберите: утвердить, ограничить, отложить или отклонить.
trace-title = Запрос об отслеживании { $reference }
trace-done-opened = Запрос открыт, внутреннее отслеживание проведено. Теперь контактный пункт проверит запрос и отправит его.
trace-done-sent = Запрос отправлен. Подписанное подтверждение получения от другого государства обычно приходит в течение нескольких секунд.
trace-done-decided = Решение записано; ответ будет отправлен в точном соответствии с ним.
trace-done-followed = Последующий запрос открыт: проверьте его и отправьте следующему государству.
trace-confidential = Конфиденциально: этот запрос могут просматривать только контактные пункты и следователь, открывший его. Этот просмотр зафиксирован в журнале доступа.
trace-failure = Причина сбоя доставки
trace-investigator = Следователь
trace-follows = В продолжение запроса
trace-id = Идентификатор дела
trace-awaits-poc = Этот запрос ожидает проверки и отправки контактным пунктом.
trace-section-request = Запрос
trace-domestic = Внутреннее отслеживание
trace-domestic-none = В этом реестре нет оружия, соответствующего описанию.
trace-domestic-found = Оружие в этом реестре, соответствующее описанию:
trace-proposals = Куда направить запрос
trace-proposals-none = armtrace не может предложить государство: в запросе не указаны ни страна изготовления, ни импортная маркировка со страной.
trace-why-last_import = последняя импортная маркировка
trace-why-manufacture = государство изготовления
trace-answers = Ответы
trace-answers-none = Ответов пока нет.
trace-outcome-found = Найдено в учетных записях
trace-outcome-not_found = Не найдено в учетных записях
trace-outcome-partial = Найдено частично
trace-outcome-delayed = Ответ отложен
trace-outcome-restricted = Найдено; информация ограничена
trace-outcome-declined = Запрос отклонен
trace-answer-conditions = Условия, установленные отвечающим государством:
trace-reasons = Причины
trace-final-by = Окончательный ответ не позднее
trace-manufacture = Изготовление
trace-last-holder = Последний законный владелец
trace-since = с { $date }
trace-record-status = Статус в его реестре
trace-exports = Зарегистрированный экспорт
trace-imports = Зарегистрированный импорт
trace-transfer-date = Дата
trace-transfer-state = Государство
trace-transfer-party = Сторона
trace-transfer-document = Документ
trace-transfer-marking = Маркировка
trace-next-state = Следующее государство, в которое следует направить запрос:
trace-chain = Цепочка поставок
trace-chain-manufactured = Изготовлено
trace-chain-imported = Импортировано
trace-chain-exported = Экспортировано
trace-chain-last_legal_holder = Последний законный владелец
trace-chain-left_legal_hands = Выбыло из законного оборота
trace-chain-found = Обнаружено
trace-chain-source = По делу
trace-steps = Этапы
trace-step-opened = Открыт
trace-step-sent = Отправлен
trace-step-acknowledged = Получение подтверждено другим государством
trace-step-delivery_failed = Сбой доставки
trace-step-answer_received = Получен ответ
trace-step-reminder = Напоминание: срок ответа истек
trace-step-received = Получен
trace-step-drafted = Проект ответа подготовлен по реестру
trace-step-decided = Решение принято контактным пунктом
trace-step-by = исполнитель: { $by }
trace-no-directory = Другие контактные пункты пока неизвестны: администратор должен импортировать справочник контактных пунктов («armtrace node import-directory»).
trace-send-title = Отправка в контактный пункт
trace-send-hint = Выбрано государство, предложенное armtrace; проверьте его перед отправкой. Запрос отправляется подписанным и будет доставлен, даже если другое государство какое-то время недоступно.
trace-send-to = Контактный пункт
trace-send-submit = Отправить запрос
trace-decide-title = Решение до отправки чего-либо
trace-drafting = Ответ готовится по данным реестра: обновите эту страницу через несколько секунд.
trace-draft-intro = armtrace подготовил этот ответ по данным реестра. Ничего не отправлено: утвердите, ограничьте или отложите ответ либо отклоните запрос, указав причины.
trace-decision = Решение
trace-decision-approve = Утвердить: отправить ответ в подготовленном виде
trace-decision-restrict = Ограничить: отправить ответ без сведений о последнем законном владельце, указав причины
trace-decision-delay = Отложить: указать причину и срок окончательного ответа
trace-decision-decline = Отклонить запрос, указав причины
trace-reasons-hint = Обязательно, если ответ ограничивается, откладывается или запрос отклоняется; причины увидит запрашивающее государство.
trace-final-by-hint = Только при отсрочке: дата окончательного ответа.
trace-conditions = Условия использования, установленные для ответа
trace-decide-submit = Записать решение
trace-follow-title = Продолжить со следующим государством
trace-follow-hint = В ответе указано государство { $state }: откройте запрос к его контактному пункту с тем же описанием оружия.
trace-follow-submit = Открыть последующий запрос
