"""Who may do what (`server.services.permissions`): roles, reach, priority, channels and check-in.

Refusals shared with older raise sites keep those codes (`auth.login_required`, `auth.branch_forbidden`,
`ticket.only_own_counter`, `ticket.not_at_your_counter`, `ticket.channel_forbidden`, `counter.opened_by_other`,
`counter.closed`); their wording lives with their areas."""

MESSAGES = {
    "access.role": {"zh-CN": "{role:role}账号无权进行此操作；需要以下角色之一：{roles:list:role}。"},
    "access.waiting_ticket": {"zh-CN": "仍在等候的号只有网点主管或大堂经理可以转移或取消。"},
    "access.login_to_issue": {"zh-CN": "请先登录：未登录时只能在线取号。"},
    "access.priority": {"zh-CN": "“{priority:priority}”等级只能由工作人员授予，请咨询大堂经理或柜员。"},
    "access.check_in": {"zh-CN": "预约须在网点的取号机或由工作人员签到，不能在线签到。"},
}

TERMS = {
    "priority": {"zh-CN": {"regular": "普通", "vip": "贵宾", "priority_needs": "优先（老幼病残孕）"}},
}
