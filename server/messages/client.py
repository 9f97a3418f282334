"""Idempotency keys of create requests (the apps' client retries with the same key)."""

MESSAGES = {
    "idempotency.key_invalid": {
        "zh-CN": "请求头 Idempotency-Key 须为 {min_length} 至 {max_length} 个字母、数字、“-”或“_”。",
    },
    "idempotency.key_reused": {"zh-CN": "此 Idempotency-Key 已用于另一个不同的请求。"},
    "idempotency.in_progress": {"zh-CN": "使用此 Idempotency-Key 的第一次请求仍在处理中，请稍后再试。"},
    "idempotency.answer_lost": {"zh-CN": "此请求已经执行，但结果未能保存；请查询结果，不要重复提交。"},
}
