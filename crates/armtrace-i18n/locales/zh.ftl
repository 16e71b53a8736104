# armtrace — 中文。en.ftl 中的每条消息在此处也必须存在
# （否则 crates/armtrace-i18n/tests/catalog.rs 会失败）。变量：{ $name }。

## Formats (chrono strftime patterns; month names come from the locale)
date-format = %Y年%-m月%-d日
date-time-format = %Y年%-m月%-d日 %H:%M UTC
month-format = %Y年%-m月

## Frame
skip-to-content = 跳到正文
nav-label = 主菜单
nav-dashboard = 概览
nav-search = 搜索
nav-register = 登记武器
nav-import = 导入
nav-holders = 持有者
nav-users = 用户
nav-access-log = 访问日志
nav-integrity = 完整性检查
language = 语言
language-change = 切换
logout = 退出登录
footer = armtrace — 根据联合国《行动纲领》和《国际追查文书》作为证据保存的记录。
pages = 页码
page-next = 下一页
page-previous = 上一页
page-older = 更早的条目

## Errors
error-not-found-title = 未找到
error-not-found = 不存在此页面或记录。
error-forbidden-title = 无权操作
error-forbidden = 您的角色（{ $role }）无权执行此操作。如有需要，请联系管理员。
error-csrf-title = 表单已过期
error-csrf = 此表单并非从本会话提交（可能来自旧页面或其他网站）。未作任何更改。
error-try-again = 重试
error-request-title = 无法读取请求
error-internal-title = 出现错误
error-internal = 服务器出错。未作任何更改；请重试，如再次出现，请告知管理员。
form-has-errors = 部分字段需要更正：请查看字段旁的提示。
form-field-needed = 请将此字段与其关联字段一并填写，或两者均留空。

## Login and setup
login-title = 登录
login-username = 账户名
login-password = 密码
login-submit = 登录
login-help = 还没有账户？账户由管理员创建。第一个管理员需在服务器上通过以下命令创建：armtrace user add NAME --role administrator
login-failed = 账户名或密码错误。
login-locked = 登录失败次数过多：此账户已被暂时锁定。
login-wait = 刚才登录失败：请等待 { $seconds } 秒后再试。
login-created = 账户已创建：请用该账户登录。
setup-title = 创建第一个管理员
setup-intro = 此链接仅在 armtrace 尚无任何账户时有效，且只能使用一次。您在此创建的管理员随后将为各工作人员创建账户。
setup-password = 密码（至少 12 个字符）
setup-password-again = 再次输入密码
setup-submit = 创建管理员
setup-mismatch = 两次输入的密码不一致。
account-invalid-name = 账户名由 1 至 64 个字母、数字或“.”“_”“-”“@”组成。
account-weak-password = 密码至少须有 12 个字符，且不得与账户名相同。
account-exists = 此账户名已被占用。

## Dashboard
dashboard-title = 概览
dashboard-figures = 主要数据
dashboard-weapons = 武器
dashboard-holders = 持有者
dashboard-entries = 账簿条目
dashboard-to-mark = 待标识或销毁
dashboard-by-status = 按状态统计武器
dashboard-by-category = 按类别统计武器
dashboard-by-agency = 按机构统计武器
dashboard-col-status = 状态
dashboard-col-category = 类别
dashboard-col-agency = 机构
dashboard-col-weapons = 武器数
dashboard-col-month = 月份
dashboard-col-events = 事件数
dashboard-total = 合计
dashboard-no-holder = 无持有者
dashboard-other-holders = 其他持有者
dashboard-events-per-month = 每月事件（最近 24 个月，按事件发生日期）
dashboard-chart-caption = 最高月份：{ $max } 个事件。
dashboard-chart-table = 以表格显示相同数据
dashboard-recent = 最近活动
col-recorded = 记录时间
col-by = 记录人
col-record = 记录
col-weapon = 武器
record-registered = 武器登记
record-holder = 持有者 { $code } 已登记

## Search
search-title = 按标识搜索
search-label = 读取到的标识
search-submit = 搜索
search-hint = 输入您能辨认的内容。? 代表一个无法辨认的字符，* 代表一串此类字符，~1 允许一处误读。
search-help = 如何编写搜索
help-intro = 大小写、空格、连字符、其他文字中形似的字母以及其他文字的数字均不影响结果。常见误读（0/O、1/I、5/S、8/B…）也能找到。
help-col-query = 您输入
help-col-means = 可找到
help-plain = 标识 KR1234、KR-1234、kr 1234…
help-unreadable = ? 处有一个无法辨认的字符
help-run = 开头部分已缺失的标识
help-edit = 除常见混淆外，最多还有一处误读的标识
help-scripts = 西里尔字母、形似的拉丁字母和阿拉伯-印度数字同等对待
help-filters = 筛选条件：制造商、制造年份和标识
help-status = 俄罗斯制造的、已查获或已丢失的武器
help-filters-list = 筛选条件：make:（品牌）、model:（型号）、calibre:（口径）、category:（类别）、country:（国家，ISO 代码）、year:（年份：1990、1980-1990）、status:（状态：seized,lost）。
search-invalid = 无法解析该搜索：{ $detail }
search-results = { $n ->
   *[other] 与“{ $query }”匹配的武器：{ $n } 件
}
search-none = 没有匹配的武器。请尝试输入更少的字符，用 ? 代替无法辨认的字符，或使用 ~1。
search-why = 匹配原因
search-score = 得分 { $score }
why-exact = 与读取的标识完全一致
why-normalised = 同一标识，写法不同（大小写、分隔符、数字书写系统）
why-look-alike = 第 { $pos } 位的 { $stored } 被读作形似字符 { $read }
why-confusion = 第 { $pos } 位的 { $stored } 被读作 { $read }（常见误读）
why-unreadable = 第 { $pos } 位无法辨认的字符为 { $stored }
why-unreadable-run = { $n ->
    [0] 第 { $pos } 位的无法辨认字符串为空
   *[other] 第 { $pos }–{ $end } 位的无法辨认字符串为 { $stored }
}
why-misread = 第 { $pos } 位的 { $stored } 被读作 { $read }（误读）
why-missing = 读取内容中缺少第 { $pos } 位的 { $stored }
why-extra = 在第 { $pos } 位之前读到的 { $read } 不在标识上
why-transposed = 第 { $pos } 位的 { $stored } 被读成了相反顺序

## Weapon
weapon-serial = 序列号
weapon-category = 类别
weapon-calibre = 口径
weapon-made = 制造国
weapon-status = 状态
weapon-holder = 持有者
weapon-location = 所在地点
weapon-id = 武器 ID
weapon-markings = 标识
weapon-no-markings = 未记录任何标识。
weapon-history = 历史记录
weapon-record-event = 记录事件
weapon-open = 打开
weapon-recorded = 事件已记录（账簿条目 #{ $seq }）。
weapon-registered = 武器已登记（账簿条目 #{ $seq }）。
weapon-already-present = 此武器此前已以相同标识登记：未写入任何新内容。以下是其记录。
weapon-to-mark = 待标识或销毁（《行动纲领》II.8）：
history-holder = 持有者：
history-country = 国家：
history-location = 地点：
history-document = 文件：
history-marking = 标识：
history-method = 方法：
history-corrects = 更正条目
history-void = 已划除
history-superseded = 已被后续条目更正。
history-status-at-registration = 登记时状态：
history-recorded = 由 { $by } 于 { $at } 记录

## Record an event
event-title = 为 { $serial } 记录事件
event-back = 返回武器页面
event-what = 发生了什么
event-kind = 事件
event-occurred = 发生日期
event-occurred-hint = 事件发生的日期（YYYY-MM-DD），而非记录日期。
event-holder = 事件后的持有者（代码）
event-holder-hint = 事件发生后对该武器负责的机构、单位或个人：开始输入代码。
event-location = 地点
event-country = 另一国家（ISO 代码）
event-country-hint = 出口时填写目的地；进口时填写来源地。两个字母，例如 KE。
event-document = 依据文件
event-document-kind = 文件类型
event-document-ref = 文件编号
event-marking = 所施加的标识
event-marking-hint = 进口或（重新）标识时：按打印的原样填写标识。
event-marking-kind = 标识类型
event-marking-place = 在武器上的位置
event-marking-text = 所打印的文字
event-marking-country = 标识国家（ISO 代码）
event-marking-year = 标识年份
event-destruction = 销毁
event-method = 销毁方法
event-correction-legend = 更正
event-correction-hint = 更正绝不改动先前的条目：它是一个新条目，说明哪里有误以及原因。
event-corrects = 被更正的条目
event-reason = 更正理由
event-void = 划除被更正的条目（该条目本不应被记录）
event-notes = 备注
event-submit = 记录

## Register a weapon
register-title = 登记武器
register-intro = 适用与 CSV 导入相同的检查。没有序列号或制造国的武器仍会登记，并列为“待标识或销毁”。
register-weapon = 武器
register-category = 类别
register-make = 品牌（制造商）
register-model = 型号
register-calibre = 口径
register-calibre-hint = 按标识所示，例如 7.62x39mm 或 9x19mm。
register-serial = 序列号
register-serial-hint = 完全按照打印的原样，使用其原有文字（例如 ЦП 0242）。
register-country = 制造国（ISO 代码）
register-country-hint = 两个字母，例如 RU、BE、US。
register-year = 制造年份
register-marking-warning = 没有序列号和制造国，此武器即未得到充分标识：它将被列为“待标识或销毁”（《行动纲领》II.8）。
register-import = 进口标识
register-import-marking = 读取到的进口标识
register-import-hint = 进口时施加的标识（《国际追查文书》8(b)），如有。
register-import-country = 进口国（ISO 代码）
register-import-year = 进口年份
register-holding = 持有情况
register-holder = 持有者（代码）
register-holder-hint = 对其负责的机构、单位或仓库：开始输入代码。
register-status = 登记时状态
register-registered-on = 登记日期
register-registered-on-hint = 留空表示今天；对于旧的纸质记录，填写登记簿中的记载日期。
register-markings = 其他标识
register-markings-hint = 每行一个，或以“;”分隔，格式为 kind/place=text（类型/位置=文字），例如 remarking/barrel=KE-2020-001。
register-submit = 登记

## Import
import-title = 导入 CSV 文件
import-intro = 武器、事件历史（例如已停业经销商的账簿）或持有者。有效行将被保存，无效行将列入报告；同一文件导入两次不会重复添加任何内容。
import-kind = 文件内容
import-kind-weapons = 武器（weapons.csv）
import-kind-events = 事件历史（events.csv）
import-kind-holders = 持有者（holders.csv）
import-file = 文件（CSV，UTF-8）
import-file-hint = 各列的说明见导入格式指南。最大 256 MiB。
import-submit = 导入
import-scoped = 导入功能仅供负责整个登记册的工作人员使用。您的账户仅限于一个机构：请改用表单。
import-too-large = 文件超过 256 MiB：请拆分。
import-unreadable = 无法读取上传的文件：请重试。
import-no-kind = 请说明文件内容。
import-empty = 文件为空。
import-job-title = 导入 { $file }
import-running = 正在导入：已读取 { $percent }%，用时 { $seconds } 秒。
import-refresh = 此页面会自动刷新。您可以离开：导入会继续进行。
import-failed = 导入无法运行：{ $detail }。已完成批次的行予以保留；未写入其他内容。
import-done = 导入已完成。
import-rows = 已读取行数
import-written = 已保存行数
import-present = 已在登记册中
import-rejected = 被拒绝行数
import-report = 被拒绝的行
import-report-intro = 列出每个被拒绝的行及其所在列、值和所违反的规则。请更正后重新导入文件。
import-report-download = 下载完整报告（CSV）
import-col-row = 行
import-col-column = 列
import-col-value = 值
import-col-reason = 规则
import-more-rejected = 另有 { $n } 个被拒绝的行，见可下载的报告。
import-again = 导入另一个文件

## Holders
holders-title = 持有者和机构
holders-intro = 共 { $n } 个持有者：机构及其下属单位和仓库、制造商、经销商以及持证平民。
holders-code = 代码
holders-name = 名称
holders-kind = 类型
holders-country = 国家
holders-licence = 许可证
holders-weapons = 持有武器数

## Users
users-title = 用户和角色
users-name = 账户
users-role = 角色
users-agency = 机构
users-language = 语言
users-created-at = 创建时间
users-whole-registry = 整个登记册
users-new = 新建账户
users-agency-hint = 限于某一机构的工作人员只能为该机构及其下属单位的武器记录事件。
users-submit = 创建账户
users-created = 账户 { $name } 已创建。
users-bad-role = 请选择角色。
users-bad-agency = 没有持有者使用此代码。

## Access log
log-title = 访问日志
log-intact = 访问日志完整（已检查 { $n } 个条目）。
log-broken = 访问日志已损坏：{ $detail }
log-filter = 在日志中查找（账户、操作、武器、地址）
log-filter-submit = 查找
log-at = 时间
log-who = 账户
log-action = 操作
log-target = 对象
log-client = 来源
log-outcome = 结果

## Integrity
integrity-title = 完整性检查
integrity-intro = 遍历整条记录链和访问日志，核验每个哈希值，并根据每件武器的历史重新推导其状态。
integrity-run = 运行检查
integrity-intact = 登记册完整：没有任何记录被更改、插入或删除。
integrity-broken = 登记册不完整：请查看以下问题，并首先做好备份。
integrity-entries = 账簿条目
integrity-weapons = 已比对武器
integrity-holders = 已比对持有者
integrity-log = 访问日志条目
integrity-head = 链头
integrity-seconds = 秒
integrity-problems = 发现的问题
integrity-head-hint = 请在 armtrace 之外记下链头哈希值：之后可用 verify --expect-head 证明该链此后未被改写。

## Roles
role-administrator = 管理员
role-registry_officer = 登记官员
role-licensing_officer = 许可证官员
role-stockpile_manager = 库存管理员
role-investigator = 调查员
role-point_of_contact = 联络点
role-auditor = 审计员

## Statuses
status-in_service = 在用
status-in_stock = 库存中
status-civilian_licensed = 平民持证
status-lost = 丢失
status-stolen = 被盗
status-seized = 已查获
status-surplus = 剩余
status-destroyed = 已销毁
status-exported = 已出口
status-collected = 已收缴
status-recovered = 已追回

## Categories
category-pistol_revolver = 左轮手枪或手枪
category-rifle_carbine = 步枪或卡宾枪
category-submachine_gun = 冲锋枪
category-assault_rifle = 突击步枪
category-light_machine_gun = 轻机枪
category-small_arm_other = 其他小武器
category-heavy_machine_gun = 重机枪
category-grenade_launcher = 榴弹发射器
category-portable_anti_aircraft_gun = 便携式高射炮
category-portable_anti_tank_gun = 便携式反坦克炮
category-recoilless_rifle = 无后坐力炮
category-anti_tank_launcher = 反坦克导弹或火箭发射器
category-manpads = 便携式防空系统
category-mortar = 迫击炮（口径小于 100 毫米）
category-light_weapon_other = 其他轻武器

## Events
event-manufactured = 制造
event-imported = 进口
event-exported = 出口
event-transferred = 转让
event-issued = 配发
event-returned = 归还
event-reported_lost = 报告丢失
event-reported_stolen = 报告被盗
event-recovered = 追回
event-seized = 查获
event-collected = 上交或收缴
event-designated_surplus = 定为剩余
event-destroyed = 销毁
event-marked = 标识或重新标识
event-correction = 更正

## Documents
document-licence = 许可证
document-court_order = 法院命令
document-certificate = 证书
document-end_user_certificate = 最终用户证书
document-destruction_certificate = 销毁证明
document-police_report = 警方报告
document-other = 其他文件

## Destruction methods
method-cutting = 切割
method-crushing = 压碎
method-smelting = 熔炼
method-burning = 焚烧
method-shredding = 粉碎
method-detonation = 引爆
method-other = 其他方法

## Holder kinds
holder-kind-state_agency = 国家机构
holder-kind-agency_unit = 机构下属单位
holder-kind-depot = 仓库
holder-kind-manufacturer = 制造商
holder-kind-dealer = 经销商
holder-kind-civilian = 持证平民
holder-kind-foreign_state = 外国
holder-kind-other = 其他

## Marking kinds and places
marking-kind-manufacture = 制造标识
marking-kind-import = 进口标识
marking-kind-state_transfer = 从国家库存转为民用
marking-kind-alternative_code = 替代唯一代码
marking-kind-remarking = 重新标识
marking-kind-other = 其他
place-frame = 枪架或机匣
place-barrel = 枪管
place-slide = 套筒
place-other = 其他位置

## Marking deficiencies (PoA II.8)
deficiency-no_unique_marking = 无唯一标识（序列号）
deficiency-no_country_of_manufacture = 无制造国
deficiency-no_import_marking = 无进口标识

## Kinds of search match
tier-exact = 完全一致
tier-normalised = 同一标识，写法不同
tier-look-alike = 形似字母
tier-confusion = 常见误读
tier-wildcard = 无法辨认的字符
tier-edit = 误读

## 追查页面（ITI 计划 A.3–6）
nav-traces = 追查
weapon-open-trace = 发起追查请求
traces-title = 追查请求
traces-intro = 通过各国国家联络点与其他国家往来的非法武器追查请求（《国际追查文书》）。只有联络点和发起请求的调查员可以查看请求；每次查看均记入访问日志。
traces-no-node = 本服务器尚未成为国家间交换网络的节点：可以在本登记册中发起请求并进行追查，但无法发送或答复请求。管理员使用“armtrace node init”设置节点（见追查指南）。
traces-none = 尚无追查请求。
traces-reference = 编号
traces-direction = 方向
traces-peer = 对方国家
traces-weapon = 武器
traces-status = 状态
traces-answer-by = 答复期限
traces-overdue = 已逾期
trace-no-peer = 尚未发送
trace-direction-outgoing = 我方请求
trace-direction-incoming = 向我方提出的请求
trace-status-draft = 已发起，未发送
trace-status-sent = 已发送
trace-status-acknowledged = 已确认收到
trace-status-delayed = 答复推迟
trace-status-answered = 已答复
trace-status-failed = 发送失败
trace-status-received = 已收到，待答复
trace-new-title = 发起追查请求
trace-new-intro = armtrace 首先在本登记册中查找该武器（国内追查），然后建议向哪个国家提出请求：最后进口标识所示国家或制造国。随后由联络点审核并发送请求。
trace-new-from-weapon = 已根据武器 { $serial } 的记录填写：发起请求前请逐项核对。
trace-section-case = 案件
trace-section-weapon = 武器
trace-section-markings = 读取到的标识
trace-section-circumstances = 发现地点和时间
trace-section-use = 答复的使用与保护
trace-field-reference = 您的编号
trace-field-reference-hint = 您所在单位的案件编号；答复中将引用该编号。
trace-field-authority = 请求机关
trace-field-illicit = 武器属于非法的原因
trace-field-illicit-hint = 例如：从武装团体处缴获；序列号被部分锉除。
trace-field-legal-basis = 请求的法律依据
trace-field-legal-basis-hint = 您据以提出请求的法律或协定，例如《国际追查文书》和本国法律。
trace-field-category = 类别
trace-not-known = 不详
trace-field-make = 品牌
trace-field-model = 型号
trace-field-calibre = 口径
trace-field-serial = 序列号
trace-field-serial-hint = 完全按照读取的原样，包括存疑字符。
trace-field-country = 制造国
trace-field-country-hint = ISO 3166 两字母代码，例如 BE。
trace-field-year = 制造年份
trace-markings-hint = 请完全按照读取的原样抄录每个标识。未使用的行留空。附有国家的进口标识可告诉 armtrace 应向哪个国家提出请求。
trace-marking-kind = 类型
trace-marking-text = 读取到的文字
trace-marking-place = 位置
trace-marking-country = 国家
trace-marking-year = 年份
trace-marking-row-kind = 标识 { $row } 的类型
trace-marking-row-text = 标识 { $row } 的文字
trace-marking-row-place = 标识 { $row } 的位置
trace-marking-row-country = 标识 { $row } 的国家
trace-marking-row-year = 标识 { $row } 的年份
trace-field-date = 发现日期
trace-field-place = 发现地点
trace-field-description = 发现经过
trace-field-urgency = 紧急程度
trace-field-urgency-hint = 紧急：正在进行的调查或诉讼程序需要。
trace-urgency = 紧急程度
trace-urgency-routine = 常规
trace-urgency-urgent = 紧急
trace-field-use = 信息的预定用途
trace-field-use-hint = 例如：对上述案件进行刑事调查和起诉。
trace-field-confidentiality = 保密条件
trace-field-confidentiality-hint = 答复国提供的信息应如何保护；保密条件随请求一并发送。
trace-default-confidentiality = 仅限用于本请求所述调查；未经答复国同意，不得转交他方。
trace-field-answer-by = 要求答复日期
trace-field-answer-by-hint = 您需要得到答复的最晚日期。
trace-new-submit = 发起请求并进行国内追查
trace-error-required = 请填写此项：被请求国需要该信息。
trace-error-date = 请按“年-月-日”格式填写日期，例如 2026-03-14。
trace-error-year = 请用四位数字填写年份，例如 1998。
trace-error-identify = 请提供序列号或至少一个标识：否则无法追查该武器。
trace-error-marking-text = 请填写标识的文字，或将其国家和年份也留空。
trace-error-decision = 请选择批准、限制、推迟或拒绝。
trace-title = 追查请求 { $reference }
trace-done-opened = 请求已发起，国内追查已完成。现由联络点审核并发送。
trace-done-sent = 请求已发送。对方国家的签名回执通常片刻即到。
trace-done-decided = 决定已记录；答复将严格按照决定发出。
trace-done-followed = 后续请求已发起：请审核后发送给下一个国家。
trace-confidential = 机密：只有联络点和发起本请求的调查员可以查看。此次查看已记入访问日志。
trace-failure = 发送失败原因
trace-investigator = 调查员
trace-follows = 跟进请求
trace-id = 案件 ID
trace-awaits-poc = 本请求待联络点审核并发送。
trace-section-request = 请求
trace-domestic = 国内追查
trace-domestic-none = 本登记册中没有符合描述的武器。
trace-domestic-found = 本登记册中符合描述的武器：
trace-proposals = 向谁提出请求
trace-proposals-none = armtrace 无法建议国家：请求中既未注明制造国，也没有附有国家的进口标识。
trace-why-last_import = 最后进口标识
trace-why-manufacture = 制造国
trace-answers = 答复
trace-answers-none = 尚无答复。
trace-outcome-found = 在记录中找到
trace-outcome-not_found = 在记录中未找到
trace-outcome-partial = 部分找到
trace-outcome-delayed = 答复推迟
trace-outcome-restricted = 已找到；信息受限
trace-outcome-declined = 请求被拒绝
trace-answer-conditions = 答复国规定的条件：
trace-reasons = 理由
trace-final-by = 最终答复期限
trace-manufacture = 制造
trace-last-holder = 最后合法持有者
trace-since = 自 { $date } 起
trace-record-status = 在其登记册中的状态
trace-exports = 已记录的出口
trace-imports = 已记录的进口
trace-transfer-date = 日期
trace-transfer-state = 国家
trace-transfer-party = 当事方
trace-transfer-document = 文件
trace-transfer-marking = 标识
trace-next-state = 下一个请求对象国：
trace-chain = 供应链
trace-chain-manufactured = 制造
trace-chain-imported = 进口
trace-chain-exported = 出口
trace-chain-last_legal_holder = 最后合法持有者
trace-chain-left_legal_hands = 脱离合法持有
trace-chain-found = 发现
trace-chain-source = 来自案件
trace-steps = 步骤
trace-step-opened = 已发起
trace-step-sent = 已发送
trace-step-acknowledged = 对方国家已确认收到
trace-step-delivery_failed = 发送失败
trace-step-answer_received = 已收到答复
trace-step-reminder = 提醒：答复已逾期
trace-step-received = 已收到
trace-step-drafted = 已根据登记册起草答复
trace-step-decided = 联络点已作出决定
trace-step-by = 操作者：{ $by }
trace-no-directory = 尚无已知的其他联络点：管理员需导入联络点名录（“armtrace node import-directory”）。
trace-send-title = 发送给联络点
trace-send-hint = 已选定 armtrace 建议的国家；发送前请核对。请求经签名后发出，即使对方国家暂时无法连接，也会送达。
trace-send-to = 联络点
trace-send-submit = 发送请求
trace-decide-title = 发出任何内容前先作决定
trace-drafting = 正在根据登记册起草答复：请稍后重新加载此页面。
trace-draft-intro = armtrace 已根据登记册起草此答复。尚未发送任何内容：请批准、限制或推迟此答复，或拒绝该请求，并说明理由。
trace-decision = 决定
trace-decision-approve = 批准：按草稿发送答复
trace-decision-restrict = 限制：发送不含最后合法持有者的答复，并说明理由
trace-decision-delay = 推迟：说明原因及最终答复的时间
trace-decision-decline = 拒绝该请求，并说明理由
trace-reasons-hint = 限制、推迟或拒绝时必须填写；请求国将看到这些理由。
trace-final-by-hint = 仅在推迟时填写：最终答复的日期。
trace-conditions = 对答复规定的使用条件
trace-decide-submit = 记录决定
trace-follow-title = 向下一个国家跟进
trace-follow-hint = 答复指明了 { $state }：请以相同的武器描述，向其联络点发起请求。
trace-follow-submit = 发起后续请求
