"""Calling policies and wait predictors a branch can choose, and the urgency policy's settings."""

MESSAGES = {
    "policy.unknown_calling_policy": {"zh-CN": "未知的叫号策略“{name}”，请从以下选项中选择：{choices:list}。"},
    "policy.unknown_wait_predictor": {
        "zh-CN": "未知的等候时间预测方法“{name}”，请从以下选项中选择：{choices:list}。"
    },
    "policy.past_target_factor_too_high": {
        "zh-CN": "past_target_factor 不能大于 1：超过目标等候时间的号不能因此插队。"
    },
    "policy.wait_cap_needed": {
        "zh-CN": "设置了等候目标或小于 1 的 past_target_factor 时，须同时设置等候上限 wait_cap_s，否则最长等候时间没有上限。"
    },
    "policy.unknown_service": {"zh-CN": "有等候中的号办理未知业务“{service}”，请将该业务加入快照的业务列表。"},
    "policy.weight_negative": {"zh-CN": "紧急度权重 {name} 不能小于 0（当前为 {value}）。"},
    "policy.weight_not_positive": {"zh-CN": "紧急度权重 {name} 须大于 0。"},
}
