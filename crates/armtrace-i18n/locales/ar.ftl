# armtrace — العربية. يجب أن توجد هنا كل رسالة من رسائل en.ftl
# (وإلا يفشل crates/armtrace-i18n/tests/catalog.rs). المتغيرات: { $name }.

## Formats (chrono strftime patterns; month names come from the locale)
date-format = %-d %B %Y
date-time-format = %-d %B %Y، %H:%M UTC
month-format = %B %Y

## Frame
skip-to-content = الانتقال إلى المحتوى
nav-label = القائمة الرئيسية
nav-dashboard = لوحة المعلومات
nav-search = البحث
nav-register = تسجيل سلاح
nav-import = الاستيراد
nav-holders = الحائزون
nav-users = المستخدمون
nav-access-log = سجل الوصول
nav-integrity = التحقق من السلامة
language = اللغة
language-change = تغيير
logout = تسجيل الخروج
footer = armtrace — سجلات محفوظة بوصفها أدلة بموجب برنامج عمل الأمم المتحدة والصك الدولي للتعقب.
pages = الصفحات
page-next = الصفحة التالية
page-previous = الصفحة السابقة
page-older = قيود أقدم

## Errors
error-not-found-title = غير موجود
error-not-found = هذه الصفحة أو هذا السجل غير موجود.
error-forbidden-title = غير مسموح
error-forbidden = لا يخوّلك دورك ({ $role }) القيام بهذا الإجراء. اطلب ذلك من مدير النظام إذا كنت بحاجة إليه.
error-csrf-title = انتهت صلاحية النموذج
error-csrf = لم يُرسَل هذا النموذج من هذه الجلسة (ربما يكون من صفحة قديمة أو من موقع آخر). لم يُغيَّر أي شيء.
error-try-again = حاول مرة أخرى
error-request-title = تتعذر قراءة الطلب
error-internal-title = حدث خطأ ما
error-internal = حدث عطل في الخادم. لم يُغيَّر أي شيء؛ حاول مرة أخرى، وأبلغ مدير النظام إذا تكرر ذلك.
form-has-errors = بعض الحقول تحتاج إلى تصحيح: انظر الرسائل المجاورة لها.
form-field-needed = املأ هذا الحقل مع الحقل المرتبط به، أو اترك كليهما فارغًا.

## Login and setup
login-title = تسجيل الدخول
login-username = اسم الحساب
login-password = كلمة المرور
login-submit = دخول
login-help = ليس لديك حساب بعد؟ ينشئه لك مدير النظام. ويُنشأ أول مدير للنظام على الخادم بالأمر: armtrace user add NAME --role administrator
login-failed = اسم الحساب أو كلمة المرور غير صحيح.
login-locked = محاولات دخول فاشلة كثيرة جدًا: هذا الحساب مقفل لبعض الوقت.
login-wait = فشلت محاولة دخول للتو: انتظر { $seconds } ثانية قبل المحاولة مرة أخرى.
login-created = أُنشئ الحساب: سجّل الدخول به.
setup-title = إنشاء أول مدير للنظام
setup-intro = يعمل هذا الرابط مرة واحدة فقط، ما دام armtrace لا يحتوي على أي حساب. ثم يتولى مدير النظام الذي تنشئه هنا إنشاء حسابات الموظفين.
setup-password = كلمة المرور (12 حرفًا على الأقل)
setup-password-again = أعد كتابة كلمة المرور
setup-submit = إنشاء مدير النظام
setup-mismatch = كلمتا المرور مختلفتان.
account-invalid-name = يتكون اسم الحساب من 1 إلى 64 من الحروف أو الأرقام أو الرموز «.» أو «_» أو «-» أو «@».
account-weak-password = يجب أن تتكون كلمة المرور من 12 حرفًا على الأقل وأن تختلف عن اسم الحساب.
account-exists = اسم الحساب هذا مستخدم بالفعل.

## Dashboard
dashboard-title = لوحة المعلومات
dashboard-figures = الأرقام الرئيسية
dashboard-weapons = الأسلحة
dashboard-holders = الحائزون
dashboard-entries = قيود السجل
dashboard-to-mark = يتعين وسمها أو تدميرها
dashboard-by-status = الأسلحة حسب الحالة
dashboard-by-category = الأسلحة حسب الفئة
dashboard-by-agency = الأسلحة حسب الجهة
dashboard-col-status = الحالة
dashboard-col-category = الفئة
dashboard-col-agency = الجهة
dashboard-col-weapons = الأسلحة
dashboard-col-month = الشهر
dashboard-col-events = الأحداث
dashboard-total = المجموع
dashboard-no-holder = بلا حائز
dashboard-other-holders = حائزون آخرون
dashboard-events-per-month = الأحداث شهريًا (آخر 24 شهرًا، حسب تاريخ وقوعها)
dashboard-chart-caption = أعلى عدد للأحداث في شهر واحد: { $max }.
dashboard-chart-table = الأرقام نفسها في جدول
dashboard-recent = النشاط الأخير
col-recorded = تاريخ القيد
col-by = بواسطة
col-record = القيد
col-weapon = السلاح
record-registered = تسجيل سلاح
record-holder = تسجيل الحائز { $code }

## Search
search-title = البحث بالوسم
search-label = الوسم كما قُرئ
search-submit = بحث
search-hint = اكتب ما تستطيع قراءته. الرمز ? يمثل حرفًا واحدًا غير مقروء، والرمز * سلسلة من هذه الحروف، والرمز ~1 يسمح بخطأ واحد في القراءة.
search-help = كيفية كتابة البحث
help-intro = لا أهمية لحالة الأحرف أو المسافات أو الشرطات أو الأحرف المتشابهة في الشكل من أبجديات أخرى أو الأرقام المكتوبة بأنظمة كتابة أخرى. كما يُعثر على أخطاء القراءة الشائعة (0/O، 1/I، 5/S، 8/B…).
help-col-query = ما تكتبه
help-col-means = ما يُعثر عليه
help-plain = الوسم KR1234 أو KR-1234 أو kr 1234…
help-unreadable = حرف واحد غير مقروء في مكان ?
help-run = وسم ضاعت بدايته
help-edit = الوسم مع خطأ قراءة واحد على الأكثر إضافةً إلى حالات الالتباس المعتادة
help-scripts = الحروف السيريلية والحروف اللاتينية المشابهة لها والأرقام العربية الهندية على حد سواء
help-filters = عوامل التصفية: الشركة المصنعة وسنوات الصنع والوسم
help-status = الأسلحة المضبوطة أو المفقودة المصنوعة في روسيا
help-filters-list = عوامل التصفية: make: (العلامة التجارية)، model: (الطراز)، calibre: (العيار)، category: (الفئة)، country: (البلد، رمز ISO)، year: (السنة: 1990، 1980-1990)، status: (الحالة: seized,lost).
search-invalid = تتعذر قراءة البحث: { $detail }
search-results = { $n ->
    [zero] لا يوجد سلاح يطابق «{ $query }»
    [one] سلاح واحد يطابق «{ $query }»
    [two] سلاحان يطابقان «{ $query }»
    [few] { $n } أسلحة تطابق «{ $query }»
    [many] { $n } سلاحًا يطابق «{ $query }»
   *[other] { $n } سلاح يطابق «{ $query }»
}
search-none = لا يوجد سلاح مطابق. جرّب عددًا أقل من الحروف، أو الرمز ? لما لا تستطيع قراءته، أو ~1.
search-why = سبب المطابقة
search-score = الدرجة { $score }
why-exact = الوسم كما قُرئ تمامًا
why-normalised = الوسم نفسه مكتوبًا بطريقة مختلفة (حالة الأحرف، الفواصل، نظام الأرقام)
why-look-alike = قُرئ { $stored } على أنه الحرف المشابه له { $read } في الموضع { $pos }
why-confusion = قُرئ { $stored } على أنه { $read } في الموضع { $pos } (خطأ قراءة شائع)
why-unreadable = الحرف غير المقروء في الموضع { $pos } هو { $stored }
why-unreadable-run = { $n ->
    [0] السلسلة غير المقروءة في الموضع { $pos } فارغة
   *[other] السلسلة غير المقروءة في المواضع من { $pos } إلى { $end } هي { $stored }
}
why-misread = قُرئ { $stored } على أنه { $read } في الموضع { $pos } (خطأ في القراءة)
why-missing = { $stored } في الموضع { $pos } غير موجود فيما قُرئ
why-extra = { $read }، المقروء قبل الموضع { $pos }، غير موجود في الوسم
why-transposed = { $stored } في الموضع { $pos } قُرئ بترتيب معكوس

## Weapon
weapon-serial = الرقم التسلسلي
weapon-category = الفئة
weapon-calibre = العيار
weapon-made = بلد الصنع
weapon-status = الحالة
weapon-holder = الحائز
weapon-location = الموقع
weapon-id = معرّف السلاح
weapon-markings = الوسوم
weapon-no-markings = لم يُسجَّل أي وسم.
weapon-history = السجل التاريخي
weapon-record-event = تسجيل حدث
weapon-open = فتح
weapon-recorded = سُجّل الحدث (القيد رقم { $seq } في السجل).
weapon-registered = سُجّل السلاح (القيد رقم { $seq } في السجل).
weapon-already-present = سبق تسجيل هذا السلاح بالوسوم نفسها: لم يُكتب أي شيء جديد. هذا هو سجله.
weapon-to-mark = يتعين وسمه أو تدميره (برنامج العمل، II.8):
history-holder = الحائز:
history-country = البلد:
history-location = المكان:
history-document = المستند:
history-marking = الوسم:
history-method = الطريقة:
history-corrects = يصحح القيد
history-void = مشطوب
history-superseded = صُحّح بقيد لاحق.
history-status-at-registration = الحالة عند التسجيل:
history-recorded = سُجّل في { $at } بواسطة { $by }

## Record an event
event-title = تسجيل حدث للسلاح { $serial }
event-back = العودة إلى السلاح
event-what = ماذا حدث
event-kind = الحدث
event-occurred = تاريخ الوقوع
event-occurred-hint = يوم وقوع الحدث (YYYY-MM-DD)، لا يوم تسجيله.
event-holder = الحائز بعد الحدث (الرمز)
event-holder-hint = الجهة أو الوحدة أو الشخص المسؤول عن السلاح بعد ذلك: ابدأ بكتابة الرمز.
event-location = المكان
event-country = بلد آخر (رمز ISO)
event-country-hint = في حالة التصدير: بلد المقصد؛ وفي حالة الاستيراد: بلد المنشأ. حرفان، مثل KE.
event-document = المستند الذي يستند إليه
event-document-kind = نوع المستند
event-document-ref = رقم المستند
event-marking = الوسم الموضوع
event-marking-hint = في حالة الاستيراد أو الوسم (أو إعادة الوسم): الوسم كما دُمغ.
event-marking-kind = نوع الوسم
event-marking-place = مكانه على السلاح
event-marking-text = النص كما دُمغ
event-marking-country = بلد الوسم (رمز ISO)
event-marking-year = سنة الوسم
event-destruction = التدمير
event-method = طريقة التدمير
event-correction-legend = التصحيح
event-correction-hint = لا يغيّر التصحيح القيد السابق أبدًا: بل هو قيد جديد يبيّن ما كان خاطئًا وسبب ذلك.
event-corrects = القيد المصحَّح
event-reason = سبب التصحيح
event-void = شطب القيد المصحَّح (ما كان ينبغي تسجيله أصلًا)
event-notes = ملاحظات
event-submit = تسجيل

## Register a weapon
register-title = تسجيل سلاح
register-intro = تنطبق عمليات التحقق نفسها المطبقة على استيراد ملف CSV. ويُسجَّل السلاح الذي ليس له رقم تسلسلي أو بلد صنع ويُدرج ضمن الأسلحة التي «يتعين وسمها أو تدميرها».
register-weapon = السلاح
register-category = الفئة
register-make = العلامة التجارية (الشركة المصنعة)
register-model = الطراز
register-calibre = العيار
register-calibre-hint = كما هو موسوم، مثل 7.62x39mm أو 9x19mm.
register-serial = الرقم التسلسلي
register-serial-hint = تمامًا كما دُمغ، بأبجديته الأصلية (مثل ЦП 0242).
register-country = بلد الصنع (رمز ISO)
register-country-hint = حرفان، مثل RU أو BE أو US.
register-year = سنة الصنع
register-marking-warning = من دون رقم تسلسلي وبلد صنع، لا يكون هذا السلاح موسومًا على النحو الوافي: سيُدرج ضمن الأسلحة التي «يتعين وسمها أو تدميرها» (برنامج العمل، II.8).
register-import = وسم الاستيراد
register-import-marking = وسم الاستيراد كما قُرئ
register-import-hint = الوسم الموضوع عند الاستيراد (الصك الدولي للتعقب، 8(b))، إن وُجد.
register-import-country = بلد الاستيراد (رمز ISO)
register-import-year = سنة الاستيراد
register-holding = الحيازة
register-holder = الحائز (الرمز)
register-holder-hint = الجهة أو الوحدة أو المستودع المسؤول عنه: ابدأ بكتابة الرمز.
register-status = الحالة عند التسجيل
register-registered-on = تاريخ التسجيل
register-registered-on-hint = اتركه فارغًا لاستخدام تاريخ اليوم؛ وللسجلات الورقية القديمة، أدخل يوم القيد في الدفتر.
register-markings = وسوم أخرى
register-markings-hint = وسم واحد في كل سطر أو وسوم مفصولة بـ «;»، بالصيغة kind/place=text (النوع/المكان=النص)، مثل remarking/barrel=KE-2020-001.
register-submit = تسجيل

## Import
import-title = استيراد ملف CSV
import-intro = أسلحة، أو سجلات تاريخية للأحداث (مثل دفاتر تاجر أغلق نشاطه)، أو حائزون. تُحفظ الصفوف الصحيحة، وتُدرج الصفوف غير الصحيحة في تقرير؛ واستيراد الملف نفسه مرتين لا يضيف شيئًا.
import-kind = محتوى الملف
import-kind-weapons = الأسلحة (weapons.csv)
import-kind-events = السجلات التاريخية للأحداث (events.csv)
import-kind-holders = الحائزون (holders.csv)
import-file = الملف (CSV، UTF-8)
import-file-hint = الأعمدة موصوفة في دليل صيغة الاستيراد. الحد الأقصى 256 MiB.
import-submit = استيراد
import-scoped = الاستيراد مخصص للموظفين المخوّلين على مستوى السجل بأكمله. حسابك مقصور على جهة واحدة: استخدم النماذج بدلًا من ذلك.
import-too-large = حجم الملف يتجاوز 256 MiB: قسّمه.
import-unreadable = تعذرت قراءة الملف المرفوع: حاول مرة أخرى.
import-no-kind = حدّد محتوى الملف.
import-empty = الملف فارغ.
import-job-title = استيراد { $file }
import-running = جارٍ الاستيراد: قُرئ { $percent }% بعد { $seconds } ث.
import-refresh = تُحدَّث هذه الصفحة تلقائيًا. يمكنك مغادرتها: سيستمر الاستيراد.
import-failed = تعذر تنفيذ الاستيراد: { $detail }. احتُفظ بصفوف الدفعات المكتملة بالفعل؛ ولم يُكتب أي شيء آخر.
import-done = اكتمل الاستيراد.
import-rows = الصفوف المقروءة
import-written = الصفوف المحفوظة
import-present = موجودة في السجل مسبقًا
import-rejected = الصفوف المرفوضة
import-report = الصفوف المرفوضة
import-report-intro = كل صف مرفوض مع العمود والقيمة والقاعدة التي يخالفها. صحّحها ثم استورد الملف مرة أخرى.
import-report-download = تنزيل التقرير كاملًا (CSV)
import-col-row = الصف
import-col-column = العمود
import-col-value = القيمة
import-col-reason = القاعدة
import-more-rejected = عدد الصفوف المرفوضة الأخرى الواردة في التقرير القابل للتنزيل: { $n }.
import-again = استيراد ملف آخر

## Holders
holders-title = الحائزون والجهات
holders-intro = عدد الحائزين: { $n } (جهات مع وحداتها ومستودعاتها، وشركات مصنعة، وتجار، ومدنيون حاصلون على ترخيص).
holders-code = الرمز
holders-name = الاسم
holders-kind = النوع
holders-country = البلد
holders-licence = الترخيص
holders-weapons = الأسلحة المحوزة

## Users
users-title = المستخدمون والأدوار
users-name = الحساب
users-role = الدور
users-agency = الجهة
users-language = اللغة
users-created-at = تاريخ الإنشاء
users-whole-registry = السجل بأكمله
users-new = حساب جديد
users-agency-hint = الموظف المقصور على جهة ما لا يسجّل إلا ما يخص أسلحة تلك الجهة ووحداتها.
users-submit = إنشاء الحساب
users-created = أُنشئ الحساب { $name }.
users-bad-role = اختر دورًا.
users-bad-agency = لا يوجد حائز بهذا الرمز.

## Access log
log-title = سجل الوصول
log-intact = سجل الوصول سليم (عدد القيود التي جرى التحقق منها: { $n }).
log-broken = سجل الوصول غير سليم: { $detail }
log-filter = البحث في السجل (الحساب، الإجراء، السلاح، العنوان)
log-filter-submit = بحث
log-at = الوقت
log-who = الحساب
log-action = الإجراء
log-target = الموضوع
log-client = المصدر
log-outcome = النتيجة

## Integrity
integrity-title = التحقق من السلامة
integrity-intro = يستعرض سلسلة القيود بأكملها وسجل الوصول، ويتحقق من كل قيمة تجزئة، ويعيد استخلاص حالة كل سلاح انطلاقًا من سجله التاريخي.
integrity-run = تشغيل التحقق
integrity-intact = السجل سليم: لم يُغيَّر أي قيد ولم يُدرج ولم يُحذف.
integrity-broken = السجل غير سليم: اطّلع على المشكلات أدناه، واحتفظ بنسخة احتياطية قبل أي شيء آخر.
integrity-entries = قيود السجل
integrity-weapons = الأسلحة التي قورنت
integrity-holders = الحائزون الذين قورنوا
integrity-log = قيود سجل الوصول
integrity-head = رأس السلسلة
integrity-seconds = الثواني
integrity-problems = المشكلات المكتشفة
integrity-head-hint = دوّن قيمة تجزئة رأس السلسلة خارج armtrace: يُثبت الأمر verify --expect-head بعد ذلك أن السلسلة لم تُعَد كتابتها منذ ذلك الحين.

## Roles
role-administrator = مدير النظام
role-registry_officer = موظف السجل
role-licensing_officer = موظف الترخيص
role-stockpile_manager = مدير المخزونات
role-investigator = محقق
role-point_of_contact = جهة الاتصال
role-auditor = مدقق

## Statuses
status-in_service = في الخدمة
status-in_stock = في المخزن
status-civilian_licensed = لدى مدني مرخص له
status-lost = مفقود
status-stolen = مسروق
status-seized = مضبوط
status-surplus = فائض
status-destroyed = مدمَّر
status-exported = مصدَّر
status-collected = مُجمَّع
status-recovered = مسترد

## Categories
category-pistol_revolver = مسدس دوار أو مسدس
category-rifle_carbine = بندقية أو بندقية قصيرة
category-submachine_gun = رشاش قصير
category-assault_rifle = بندقية هجومية
category-light_machine_gun = مدفع رشاش خفيف
category-small_arm_other = سلاح صغير آخر
category-heavy_machine_gun = مدفع رشاش ثقيل
category-grenade_launcher = قاذفة قنابل يدوية
category-portable_anti_aircraft_gun = مدفع محمول مضاد للطائرات
category-portable_anti_tank_gun = مدفع محمول مضاد للدبابات
category-recoilless_rifle = بندقية عديمة الارتداد
category-anti_tank_launcher = قاذفة قذائف أو صواريخ مضادة للدبابات
category-manpads = منظومات الدفاع الجوي المحمولة
category-mortar = مدفع هاون (أقل من 100 ملم)
category-light_weapon_other = سلاح خفيف آخر

## Events
event-manufactured = الصنع
event-imported = الاستيراد
event-exported = التصدير
event-transferred = النقل
event-issued = الصرف
event-returned = الإرجاع
event-reported_lost = الإبلاغ عن الفقدان
event-reported_stolen = الإبلاغ عن السرقة
event-recovered = الاسترداد
event-seized = الضبط
event-collected = التسليم أو الجمع
event-designated_surplus = التصنيف فائضًا
event-destroyed = التدمير
event-marked = الوسم أو إعادة الوسم
event-correction = التصحيح

## Documents
document-licence = ترخيص
document-court_order = أمر قضائي
document-certificate = شهادة
document-end_user_certificate = شهادة المستعمل النهائي
document-destruction_certificate = شهادة تدمير
document-police_report = محضر الشرطة
document-other = مستند آخر

## Destruction methods
method-cutting = القطع
method-crushing = السحق
method-smelting = الصهر
method-burning = الحرق
method-shredding = الفرم
method-detonation = التفجير
method-other = طريقة أخرى

## Holder kinds
holder-kind-state_agency = جهة حكومية
holder-kind-agency_unit = وحدة تابعة لجهة
holder-kind-depot = مستودع
holder-kind-manufacturer = شركة مصنعة
holder-kind-dealer = تاجر
holder-kind-civilian = مدني حاصل على ترخيص
holder-kind-foreign_state = دولة أجنبية
holder-kind-other = غير ذلك

## Marking kinds and places
marking-kind-manufacture = وسم الصنع
marking-kind-import = وسم الاستيراد
marking-kind-state_transfer = النقل من مخزونات الدولة إلى الاستخدام المدني
marking-kind-alternative_code = رمز فريد بديل
marking-kind-remarking = إعادة الوسم
marking-kind-other = غير ذلك
place-frame = الهيكل أو علبة المغلاق
place-barrel = الماسورة
place-slide = المنزلق
place-other = مكان آخر

## Marking deficiencies (PoA II.8)
deficiency-no_unique_marking = لا يوجد وسم فريد (رقم تسلسلي)
deficiency-no_country_of_manufacture = لا يوجد بلد صنع
deficiency-no_import_marking = لا يوجد وسم استيراد

## Kinds of search match
tier-exact = مطابقة تامة
tier-normalised = الوسم نفسه مكتوبًا بطريقة مختلفة
tier-look-alike = أحرف متشابهة
tier-confusion = خطأ قراءة شائع
tier-wildcard = حروف غير مقروءة
tier-edit = خطأ في القراءة

## صفحات التعقب (خطة ITI A.3–6)
nav-traces = التعقب
weapon-open-trace = فتح طلب تعقب
traces-title = طلبات التعقب
traces-intro = طلبات تعقب الأسلحة غير المشروعة المتبادلة مع الدول الأخرى عن طريق جهات الاتصال الوطنية التابعة لها (الصك الدولي للتعقب). لا يطّلع على الطلب إلا جهات الاتصال والمحقق الذي فتحه؛ ويُقيَّد كل اطلاع في سجل الوصول.
traces-no-node = هذا الخادم ليس بعدُ عقدةً في شبكة التبادل بين الدول: يمكن فتح الطلبات وإجراء التعقب في هذا السجل، ولكن لا يمكن إرسالها أو الرد عليها. ويتولى مدير النظام إعداد العقدة بالأمر «armtrace node init» (انظر دليل التعقب).
traces-none = لا توجد طلبات تعقب بعد.
traces-reference = المرجع
traces-direction = الاتجاه
traces-peer = الدولة الأخرى
traces-weapon = السلاح
traces-status = الحالة
traces-answer-by = موعد الرد
traces-overdue = تجاوز الموعد
trace-no-peer = لم يُرسل بعد
trace-direction-outgoing = طلب مقدَّم منا
trace-direction-incoming = طلب موجَّه إلينا
trace-status-draft = مفتوح، لم يُرسل
trace-status-sent = أُرسل
trace-status-acknowledged = أُكِّد الاستلام
trace-status-delayed = الرد مؤجل
trace-status-answered = تم الرد
trace-status-failed = تعذّر التسليم
trace-status-received = ورد، ويتعين الرد عليه
trace-new-title = فتح طلب تعقب
trace-new-intro = يبحث armtrace أولًا عن السلاح في هذا السجل (التعقب الوطني)، ثم يقترح الجهة التي يُوجَّه إليها الطلب: دولة آخر وسم استيراد، أو دولة الصنع. وبعد ذلك تراجع جهة الاتصال الطلب وترسله.
trace-new-from-weapon = مُلئت الحقول من سجل السلاح { $serial }: تحقق من كل حقل قبل فتح الطلب.
trace-section-case = القضية
trace-section-weapon = السلاح
trace-section-markings = الوسوم كما قُرئت
trace-section-circumstances = مكان العثور عليه وزمانه
trace-section-use = استخدام الرد وحمايته
trace-field-reference = مرجعك
trace-field-reference-hint = رقم القضية لدى الجهة التي تعمل فيها؛ ويُذكر في الرد.
trace-field-authority = السلطة الطالبة
trace-field-illicit = سبب اعتبار السلاح غير مشروع
trace-field-illicit-hint = مثال: ضُبط لدى جماعة مسلحة؛ الرقم التسلسلي مبرود جزئيًا.
trace-field-legal-basis = الأساس القانوني للطلب
trace-field-legal-basis-hint = القانون أو الاتفاق الذي تستند إليه في طلبك، مثل الصك الدولي للتعقب وقانونك الوطني.
trace-field-category = الفئة
trace-not-known = غير معروف
trace-field-make = العلامة التجارية
trace-field-model = الطراز
trace-field-calibre = العيار
trace-field-serial = الرقم التسلسلي
trace-field-serial-hint = تمامًا كما قُرئ، بما في ذلك الحروف المشكوك فيها.
trace-field-country = بلد الصنع
trace-field-country-hint = رمز ISO 3166 المكوّن من حرفين، مثل BE.
trace-field-year = سنة الصنع
trace-markings-hint = انسخ كل وسم تمامًا كما قُرئ. واترك الصفوف غير المستخدمة فارغة. ووسم الاستيراد المقترن ببلده يبيّن لـ armtrace الدولة الأخرى التي يُوجَّه إليها الطلب.
trace-marking-kind = النوع
trace-marking-text = النص كما قُرئ
trace-marking-place = الموضع
trace-marking-country = البلد
trace-marking-year = السنة
trace-marking-row-kind = نوع الوسم { $row }
trace-marking-row-text = نص الوسم { $row }
trace-marking-row-place = موضع الوسم { $row }
trace-marking-row-country = بلد الوسم { $row }
trace-marking-row-year = سنة الوسم { $row }
trace-field-date = تاريخ العثور عليه
trace-field-place = مكان العثور عليه
trace-field-description = كيفية العثور عليه
trace-field-urgency = درجة الاستعجال
trace-field-urgency-hint = عاجل: مطلوب لتحقيق جارٍ أو لإجراءات قضائية جارية.
trace-urgency = درجة الاستعجال
trace-urgency-routine = عادي
trace-urgency-urgent = عاجل
trace-field-use = الاستخدام المزمع للمعلومات
trace-field-use-hint = مثال: التحقيق الجنائي في القضية المذكورة أعلاه والملاحقة القضائية بشأنها.
trace-field-confidentiality = شروط السرية
trace-field-confidentiality-hint = كيفية حماية المعلومات المقدَّمة من الدولة المجيبة؛ وتُرسل هذه الشروط مع الطلب.
trace-default-confidentiality = تُستخدم حصرًا لأغراض التحقيق المذكور في هذا الطلب؛ ولا يجوز إحالتها إلى الغير دون موافقة الدولة المجيبة.
trace-field-answer-by = الموعد المطلوب للرد
trace-field-answer-by-hint = التاريخ الذي تحتاج إلى الرد بحلوله.
trace-new-submit = فتح الطلب وإجراء التعقب الوطني
trace-error-required = املأ هذا الحقل: فالدولة المطلوب منها تحتاج إليه.
trace-error-date = اكتب التاريخ بالصيغة سنة-شهر-يوم، مثل 2026-03-14.
trace-error-year = اكتب السنة بأربعة أرقام، مثل 1998.
trace-error-identify = أدخل الرقم التسلسلي أو وسمًا واحدًا على الأقل: فمن دونهما لا يمكن تعقب السلاح.
trace-error-marking-text = اكتب نص الوسم، أو اترك بلده وسنته فارغين أيضًا.
trace-error-decision = اختر: الموافقة أو التقييد أو التأجيل أو الرفض.
trace-title = طلب التعقب { $reference }
trace-done-opened = فُتح الطلب وأُجري التعقب الوطني. وستراجعه الآن جهة الاتصال وترسله.
trace-done-sent = أُرسل الطلب. وعادةً ما يصل إشعار الاستلام الموقَّع من الدولة الأخرى في غضون لحظات.
trace-done-decided = سُجّل القرار؛ وسيُرسل الرد وفقًا للقرار تمامًا.
trace-done-followed = فُتح طلب المتابعة: راجعه وأرسله إلى الدولة التالية.
trace-confidential = سري: لا يطّلع على هذا الطلب إلا جهات الاتصال والمحقق الذي فتحه. وقد قُيّد هذا الاطلاع في سجل الوصول.
trace-failure = سبب تعذّر التسليم
trace-investigator = المحقق
trace-follows = متابعة للطلب
trace-id = معرّف القضية
trace-awaits-poc = ينتظر هذا الطلب أن تراجعه جهة الاتصال وترسله.
trace-section-request = الطلب
trace-domestic = التعقب الوطني
trace-domestic-none = لا يوجد في هذا السجل سلاح يطابق الوصف.
trace-domestic-found = أسلحة في هذا السجل تطابق الوصف:
trace-proposals = الجهة التي يُوجَّه إليها الطلب
trace-proposals-none = لا يستطيع armtrace اقتراح دولة: فالطلب لا يذكر بلد الصنع ولا وسم استيراد مقترنًا ببلده.
trace-why-last_import = آخر وسم استيراد
trace-why-manufacture = دولة الصنع
trace-answers = الردود
trace-answers-none = لا يوجد رد بعد.
trace-outcome-found = عُثر عليه في السجلات
trace-outcome-not_found = لم يُعثر عليه في السجلات
trace-outcome-partial = عُثر عليه جزئيًا
trace-outcome-delayed = الرد مؤجل
trace-outcome-restricted = عُثر عليه؛ والمعلومات مقيدة
trace-outcome-declined = رُفض الطلب
trace-answer-conditions = الشروط التي وضعتها الدولة المجيبة:
trace-reasons = الأسباب
trace-final-by = موعد الرد النهائي
trace-manufacture = الصنع
trace-last-holder = آخر حائز قانوني
trace-since = منذ { $date }
trace-record-status = الحالة في سجلها
trace-exports = الصادرات المسجلة
trace-imports = الواردات المسجلة
trace-transfer-date = التاريخ
trace-transfer-state = الدولة
trace-transfer-party = الطرف
trace-transfer-document = المستند
trace-transfer-marking = الوسم
trace-next-state = الدولة التالية التي يُوجَّه إليها الطلب:
trace-chain = سلسلة الإمداد
trace-chain-manufactured = الصنع
trace-chain-imported = الاستيراد
trace-chain-exported = التصدير
trace-chain-last_legal_holder = آخر حائز قانوني
trace-chain-left_legal_hands = الخروج من الحيازة القانونية
trace-chain-found = العثور عليه
trace-chain-source = من القضية
trace-steps = المراحل
trace-step-opened = فُتح
trace-step-sent = أُرسل
trace-step-acknowledged = أكدت الدولة الأخرى الاستلام
trace-step-delivery_failed = تعذّر التسليم
trace-step-answer_received = ورد الرد
trace-step-reminder = تذكير: تجاوز الرد موعده
trace-step-received = ورد
trace-step-drafted = أُعدّ مشروع الرد من السجل
trace-step-decided = قررت جهة الاتصال
trace-step-by = بواسطة { $by }
trace-no-directory = لا تُعرف بعدُ أي جهة اتصال أخرى: يتعين على مدير النظام استيراد دليل جهات الاتصال («armtrace node import-directory»).
trace-send-title = الإرسال إلى جهة اتصال
trace-send-hint = الدولة التي اقترحها armtrace محددة مسبقًا؛ تحقق منها قبل الإرسال. ويُرسل الطلب موقَّعًا ويُسلَّم حتى لو تعذّر الوصول إلى الدولة الأخرى لبعض الوقت.
trace-send-to = جهة الاتصال
trace-send-submit = إرسال الطلب
trace-decide-title = اتخاذ القرار قبل إرسال أي شيء
trace-drafting = يجري إعداد الرد من السجل: أعد تحميل هذه الصفحة بعد لحظات.
trace-draft-intro = أعدّ armtrace هذا الرد من السجل. ولم يُرسل أي شيء: وافق عليه، أو قيّده، أو أجّله، أو ارفض الطلب، مع بيان الأسباب.
trace-decision = القرار
trace-decision-approve = الموافقة: إرسال الرد كما أُعدّ
trace-decision-restrict = التقييد: إرسال الرد من دون آخر حائز قانوني، مع بيان الأسباب
trace-decision-delay = التأجيل: بيان السبب وموعد الرد النهائي
trace-decision-decline = رفض الطلب، مع بيان الأسباب
trace-reasons-hint = إلزامية في حالات التقييد أو التأجيل أو الرفض؛ وتطّلع عليها الدولة الطالبة.
trace-final-by-hint = في حالة التأجيل فقط: تاريخ الرد النهائي.
trace-conditions = شروط الاستخدام المفروضة على الرد
trace-decide-submit = تسجيل القرار
trace-follow-title = المتابعة مع الدولة التالية
trace-follow-hint = يذكر الرد { $state }: افتح طلبًا موجَّهًا إلى جهة الاتصال لديها بالوصف نفسه للسلاح.
trace-follow-submit = فتح طلب المتابعة
