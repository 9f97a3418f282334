"""Branches and services looked up by code or id."""

MESSAGES = {
    "branch.not_found": {"zh-CN": "网点“{code}”不存在。"},
    "branch.id_not_found": {"zh-CN": "网点（编号 {branch_id}）不存在。"},
    "service.not_in_branch": {"zh-CN": "网点“{branch}”没有“{service}”业务。"},
    "service.unavailable": {"zh-CN": "“{service}”业务目前暂停办理。"},
}
