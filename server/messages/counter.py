"""The counter app's server additions: calling a chosen ticket out of turn."""

MESSAGES = {
    "counter.call_chosen_off": {"zh-CN": "本网点按叫号策略顺序叫号，不允许指定叫号。"},
    "counter.call_chosen_why": {"zh-CN": "请说明为什么提前呼叫这张号票。"},
    "counter.call_chosen_elsewhere": {"zh-CN": "号票 {ticket_id} 不属于本网点。"},
    "counter.call_chosen_not_waiting": {"zh-CN": "{ticket} 号当前不在等候中，无法指定呼叫。"},
    "counter.call_chosen_not_served": {"zh-CN": "{counter} 号窗口不办理 {ticket} 号的业务。"},
    "admin.not_yes_or_no": {"zh-CN": "{field} 只能是 true 或 false。"},
}
