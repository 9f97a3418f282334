"""Logging in, access tokens, roles and which branches an account may see."""

MESSAGES = {
    "auth.bearer_expected": {"zh-CN": "Authorization 请求头的格式应为“Bearer <令牌>”。"},
    "auth.login_required": {"zh-CN": "请先登录：此操作需要访问令牌。"},
    "auth.role_required": {"zh-CN": "此操作需要以下角色之一：{roles:list:role}。"},
    "auth.staff_cancel_by_id": {"zh-CN": "请先登录：按编号取消排队号仅限工作人员。"},
    "auth.wrong_credentials": {"zh-CN": "用户名或密码错误。"},
    "auth.token_expired": {"zh-CN": "登录已过期，请重新登录。"},
    "auth.token_invalid": {"zh-CN": "访问令牌无效，请重新登录。"},
    "auth.device_disabled": {"zh-CN": "该设备已停用或已删除。"},
    "auth.account_disabled": {"zh-CN": "该账号已停用或已删除。"},
    "auth.branch_forbidden": {"zh-CN": "此账号无权访问该网点。"},
}

TERMS = {
    "role": {
        "zh-CN": {
            "teller": "柜员", "manager": "网点主管", "admin": "系统管理员", "kiosk": "取号机", "display": "叫号显示屏",
        },
    },
}
