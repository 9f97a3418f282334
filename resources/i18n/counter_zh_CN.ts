<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CounterDesk</name>
    <message>
        <source>Nobody is waiting for the services of this counter.</source>
        <translation>本窗口办理的业务暂无客户等候。</translation>
    </message>
</context>
<context>
    <name>CustomerCard</name>
    <message>
        <source>No customer at the counter</source>
        <translation>窗口暂无客户</translation>
    </message>
    <message>
        <source>Waited %1 · %2 · %3</source>
        <translation>已等候 %1 · %2 · %3</translation>
    </message>
    <message>
        <source>Recalls: %1 of %2</source>
        <translation>重呼：%1 / %2 次</translation>
    </message>
    <message>
        <source>Documents: %1</source>
        <translation>所需材料：%1</translation>
    </message>
    <message>
        <source>Appointment at %1</source>
        <translation>预约时间 %1</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>转办备注：%1</translation>
    </message>
    <message>
        <source>chosen by %1: %2</source>
        <translation>%1 指定呼叫：%2</translation>
    </message>
    <message>
        <source>next in line by the branch's calling policy</source>
        <translation>按本网点叫号策略排在最前</translation>
    </message>
    <message>
        <source>Why called: %1</source>
        <translation>叫号原因：%1</translation>
    </message>
</context>
<context>
    <name>CustomerWindow</name>
    <message>
        <source>BranchQ customer screen</source>
        <translation>BranchQ 客户评价屏</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>%1 号窗口</translation>
    </message>
    <message>
        <source>Welcome. Your teller will call your number.</source>
        <translation>欢迎光临，请留意叫号。</translation>
    </message>
    <message>
        <source>Now serving</source>
        <translation>正在为您办理</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%2 · %1 为您服务</translation>
    </message>
    <message>
        <source>How was your service today?</source>
        <translation>请您对本次服务进行评价</translation>
    </message>
    <message>
        <source>A few words (optional)</source>
        <translation>留言（可不填）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <source>Thank you for your rating!</source>
        <translation>谢谢您的评价！</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>BranchQ counter</source>
        <translation>BranchQ 柜员工作台</translation>
    </message>
    <message>
        <source>Finish as</source>
        <translation>办结结果</translation>
    </message>
    <message>
        <source>Pause for</source>
        <translation>暂停原因</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>转办到</translation>
    </message>
    <message>
        <source>Note for the next counter</source>
        <translation>给下一个窗口的备注</translation>
    </message>
    <message>
        <source>Call next</source>
        <translation>叫号</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转办</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Close counter</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <source>Counter %1 · %2</source>
        <translation>%1 号窗口 · %2</translation>
    </message>
    <message>
        <source>Connection lost: reconnecting…</source>
        <translation>连接中断，正在自动重连…</translation>
    </message>
    <message>
        <source>Same service</source>
        <translation>原业务</translation>
    </message>
    <message>
        <source>Any open counter</source>
        <translation>任意开放窗口</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>%1 号窗口</translation>
    </message>
</context>
<context>
    <name>FloorPanel</name>
    <message>
        <source>Waiting now</source>
        <translation>当前排队</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <source>Longest / target</source>
        <translation>最长等候 / 目标</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>预计等候</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>各窗口</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>%1 号窗口</translation>
    </message>
    <message>
        <source>My day</source>
        <translation>我的今日</translation>
    </message>
    <message>
        <source>Served %1 · average service %2 · ratings %3 (average %4)</source>
        <translation>已办结 %1 笔 · 平均办理 %2 · 收到评价 %3 条（平均 %4 分）</translation>
    </message>
</context>
<context>
    <name>SignInPanel</name>
    <message>
        <source>Sign in to your counter</source>
        <translation>登录柜台</translation>
    </message>
    <message>
        <source>Staff account</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>网点</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Sign in and open the counter</source>
        <translation>登录并开启窗口</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>已叫号</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>The server is not answering; this comes back by itself.</source>
        <translation>服务器暂无响应，恢复后会自动继续。</translation>
    </message>
    <message>
        <source>Waiting for the server's answer.</source>
        <translation>正在等待服务器响应。</translation>
    </message>
    <message>
        <source>Finish, transfer or mark the current customer a no-show first.</source>
        <translation>请先办结、转办或将当前客户标记为过号。</translation>
    </message>
    <message>
        <source>No customer at this counter now.</source>
        <translation>窗口当前没有客户。</translation>
    </message>
    <message>
        <source>Only while the customer is called and has not come yet.</source>
        <translation>仅在已叫号、客户尚未到窗口时可用。</translation>
    </message>
    <message>
        <source>Start serving first.</source>
        <translation>请先开始办理。</translation>
    </message>
    <message>
        <source>The recall limit is reached: mark a no-show.</source>
        <translation>已达到重呼次数上限，请标记过号。</translation>
    </message>
    <message>
        <source>The counter is paused: resume first.</source>
        <translation>窗口已暂停，请先恢复。</translation>
    </message>
    <message>
        <source>The counter is not paused.</source>
        <translation>窗口未暂停。</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>取号机</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>线上</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Regular</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Priority needs</source>
        <translation>优先（特殊需要）</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>已转介</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>需跟进</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <source>Lunch</source>
        <translation>午餐</translation>
    </message>
    <message>
        <source>Back office</source>
        <translation>后台事务</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
</context>
</TS>