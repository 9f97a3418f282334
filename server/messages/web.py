"""The web pages and what they use: rating reasons, a ticket's own event stream."""

MESSAGES = {
    "feedback.details_empty": {"zh-CN": "请选择一个原因或写下留言。"},
    "feedback.not_rated": {"zh-CN": "本次服务还没有评分。"},
    "feedback.details_given": {"zh-CN": "您已补充过评价原因，谢谢！"},
    "feedback.reason_unknown": {"zh-CN": "没有“{reason}”这个原因。"},
    "feedback.too_many_reasons": {"zh-CN": "最多选择 {max} 个原因。"},
    "web.asset_not_found": {"zh-CN": "没有页面文件“{name}”。"},
}
