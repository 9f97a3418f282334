"""The kiosk's server additions: the greeting name given with face consent, device health."""

MESSAGES = {
    "face.display_name_is_full_name": {
        "zh-CN": "问候称呼不能是客户的全名，请换一个简短的称呼（例如：王女士）。"
    },
    "device.not_found": {"zh-CN": "此账号不是设备账号。"},
    "admin.category_unknown": {"zh-CN": "网点 {branch} 没有菜单分类 {category}。"},
    "admin.category_code_taken": {"zh-CN": "网点 {branch} 已有菜单分类 {category}，请换一个代码。"},
}
