"""Sessions: login throttling, revoked tokens, cookie origin checks, event-stream tickets, appointment
manage tokens."""

MESSAGES = {
    "auth.locked_out": {"zh-CN": "登录失败次数过多，请在 {retry_after_s} 秒后再试。"},
    "auth.token_revoked": {"zh-CN": "密码已更改，请重新登录。"},
    "auth.cross_origin": {"zh-CN": "使用 Cookie 登录时，修改操作只能来自本系统自己的页面。"},
    "auth.ticket_invalid": {"zh-CN": "连接凭证无效、已使用或已过期，请重新申请。"},
    "auth.token_in_url": {"zh-CN": "地址中不接受访问令牌，请先申请连接凭证（?ticket=）。"},
    "events.ticket_other_branch": {"zh-CN": "此连接凭证属于其他网点。"},
    "appointment.too_many_wrong_codes": {"zh-CN": "预约码错误次数过多，请在 {retry_after_s} 秒后再试。"},
    "appointment.manage_token_unknown": {"zh-CN": "找不到与此链接对应的预约，请核对链接或到网点咨询。"},
}
