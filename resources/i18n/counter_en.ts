<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CounterDesk</name>
    <message>
        <source>Nobody is waiting for the services of this counter.</source>
        <translation>Nobody is waiting for the services of this counter.</translation>
    </message>
</context>
<context>
    <name>CustomerCard</name>
    <message>
        <source>No customer at the counter</source>
        <translation>No customer at the counter</translation>
    </message>
    <message>
        <source>Waited %1 · %2 · %3</source>
        <translation>Waited %1 · %2 · %3</translation>
    </message>
    <message>
        <source>Recalls: %1 of %2</source>
        <translation>Recalls: %1 of %2</translation>
    </message>
    <message>
        <source>Documents: %1</source>
        <translation>Documents: %1</translation>
    </message>
    <message>
        <source>Appointment at %1</source>
        <translation>Appointment at %1</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>Notes: %1</translation>
    </message>
    <message>
        <source>chosen by %1: %2</source>
        <translation>chosen by %1: %2</translation>
    </message>
    <message>
        <source>next in line by the branch's calling policy</source>
        <translation>next in line by the branch's calling policy</translation>
    </message>
    <message>
        <source>Why called: %1</source>
        <translation>Why called: %1</translation>
    </message>
</context>
<context>
    <name>CustomerWindow</name>
    <message>
        <source>BranchQ customer screen</source>
        <translation>BranchQ customer screen</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>Counter %1</translation>
    </message>
    <message>
        <source>Welcome. Your teller will call your number.</source>
        <translation>Welcome. Your teller will call your number.</translation>
    </message>
    <message>
        <source>Now serving</source>
        <translation>Now serving</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 at %2</translation>
    </message>
    <message>
        <source>How was your service today?</source>
        <translation>How was your service today?</translation>
    </message>
    <message>
        <source>A few words (optional)</source>
        <translation>A few words (optional)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Thank you for your rating!</source>
        <translation>Thank you for your rating!</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>BranchQ counter</source>
        <translation>BranchQ counter</translation>
    </message>
    <message>
        <source>Finish as</source>
        <translation>Finish as</translation>
    </message>
    <message>
        <source>Pause for</source>
        <translation>Pause for</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>Transfer to</translation>
    </message>
    <message>
        <source>Note for the next counter</source>
        <translation>Note for the next counter</translation>
    </message>
    <message>
        <source>Call next</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Close counter</source>
        <translation>Close counter</translation>
    </message>
    <message>
        <source>Counter %1 · %2</source>
        <translation>Counter %1 · %2</translation>
    </message>
    <message>
        <source>Connection lost: reconnecting…</source>
        <translation>Connection lost: reconnecting…</translation>
    </message>
    <message>
        <source>Same service</source>
        <translation>Same service</translation>
    </message>
    <message>
        <source>Any open counter</source>
        <translation>Any open counter</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>Counter %1</translation>
    </message>
</context>
<context>
    <name>FloorPanel</name>
    <message>
        <source>Waiting now</source>
        <translation>Waiting now</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Longest / target</source>
        <translation>Longest / target</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Estimate</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Counters</translation>
    </message>
    <message>
        <source>Counter %1</source>
        <translation>Counter %1</translation>
    </message>
    <message>
        <source>My day</source>
        <translation>My day</translation>
    </message>
    <message>
        <source>Served %1 · average service %2 · ratings %3 (average %4)</source>
        <translation>Served %1 · average service %2 · ratings %3 (average %4)</translation>
    </message>
</context>
<context>
    <name>SignInPanel</name>
    <message>
        <source>Sign in to your counter</source>
        <translation>Sign in to your counter</translation>
    </message>
    <message>
        <source>Staff account</source>
        <translation>Staff account</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Sign in and open the counter</source>
        <translation>Sign in and open the counter</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Idle</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>Serving</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Signed out</translation>
    </message>
    <message>
        <source>The server is not answering; this comes back by itself.</source>
        <translation>The server is not answering; this comes back by itself.</translation>
    </message>
    <message>
        <source>Waiting for the server's answer.</source>
        <translation>Waiting for the server's answer.</translation>
    </message>
    <message>
        <source>Finish, transfer or mark the current customer a no-show first.</source>
        <translation>Finish, transfer or mark the current customer a no-show first.</translation>
    </message>
    <message>
        <source>No customer at this counter now.</source>
        <translation>No customer at this counter now.</translation>
    </message>
    <message>
        <source>Only while the customer is called and has not come yet.</source>
        <translation>Only while the customer is called and has not come yet.</translation>
    </message>
    <message>
        <source>Start serving first.</source>
        <translation>Start serving first.</translation>
    </message>
    <message>
        <source>The recall limit is reached: mark a no-show.</source>
        <translation>The recall limit is reached: mark a no-show.</translation>
    </message>
    <message>
        <source>The counter is paused: resume first.</source>
        <translation>The counter is paused: resume first.</translation>
    </message>
    <message>
        <source>The counter is not paused.</source>
        <translation>The counter is not paused.</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>Regular</source>
        <translation>Regular</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Priority needs</source>
        <translation>Priority needs</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>Needs follow-up</source>
        <translation>Needs follow-up</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>Lunch</source>
        <translation>Lunch</translation>
    </message>
    <message>
        <source>Back office</source>
        <translation>Back office</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
</context>
</TS>