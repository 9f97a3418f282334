<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Check in for your appointment</source>
        <translation>Check in for your appointment</translation>
    </message>
    <message>
        <source>Hold the QR code of your booking inside the square</source>
        <translation>Hold the QR code of your booking inside the square</translation>
    </message>
    <message>
        <source>Or type your booking code (%1 letters and digits)</source>
        <translation>Or type your booking code (%1 letters and digits)</translation>
    </message>
    <message>
        <source>Type your booking code (%1 letters and digits)</source>
        <translation>Type your booking code (%1 letters and digits)</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>Erase</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Check in</translation>
    </message>
</context>
<context>
    <name>FaceScreen</name>
    <message>
        <source>Face check-in</source>
        <translation>Face check-in</translation>
    </message>
    <message>
        <source>Use my QR code or booking code instead</source>
        <translation>Use my QR code or booking code instead</translation>
    </message>
    <message>
        <source>Please look at the camera</source>
        <translation>Please look at the camera</translation>
    </message>
    <message>
        <source>Keep your face inside the circle</source>
        <translation>Keep your face inside the circle</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Please stay still for a moment</source>
        <translation>Please stay still for a moment</translation>
    </message>
    <message>
        <source>Welcome, %1</source>
        <translation>Welcome, %1</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>You are checked in. Your ticket follows.</source>
        <translation>You are checked in. Your ticket follows.</translation>
    </message>
    <message>
        <source>We could not check you in by face</source>
        <translation>We could not check you in by face</translation>
    </message>
    <message>
        <source>Please use the QR code or booking code of your appointment</source>
        <translation>Please use the QR code or booking code of your appointment</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>Guide to our services</source>
        <translation>Guide to our services</translation>
    </message>
    <message>
        <source>The guide is not available yet. Please ask a member of staff.</source>
        <translation>The guide is not available yet. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>More</source>
        <translation>More</translation>
    </message>
    <message>
        <source>Where: %1</source>
        <translation>Where: %1</translation>
    </message>
    <message>
        <source>Bring: %1</source>
        <translation>Bring: %1</translation>
    </message>
    <message>
        <source>Usually takes about %1 min at the counter</source>
        <translation>Usually takes about %1 min at the counter</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Welcome</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Touch a choice below to begin</source>
        <translation>Touch a choice below to begin</translation>
    </message>
    <message>
        <source>Take a ticket</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <source>Queue for a service at a counter</source>
        <translation>Queue for a service at a counter</translation>
    </message>
    <message>
        <source>I have an appointment</source>
        <translation>I have an appointment</translation>
    </message>
    <message>
        <source>Check in with your QR code or booking code</source>
        <translation>Check in with your QR code or booking code</translation>
    </message>
    <message>
        <source>Face check-in</source>
        <translation>Face check-in</translation>
    </message>
    <message>
        <source>For customers who agreed to face check-in</source>
        <translation>For customers who agreed to face check-in</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>Guide</translation>
    </message>
    <message>
        <source>Where to go, what to bring, how long it takes</source>
        <translation>Where to go, what to bring, how long it takes</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>BranchQ</source>
        <translation>BranchQ</translation>
    </message>
    <message>
        <source>Elder mode</source>
        <translation>Elder mode</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Returning to the start in %1 s. Touch the screen to stay.</source>
        <translation>Returning to the start in %1 s. Touch the screen to stay.</translation>
    </message>
    <message>
        <source>We cannot reach the queue system just now and keep trying by ourselves. The guide is still available; staff can help you.</source>
        <translation>We cannot reach the queue system just now and keep trying by ourselves. The guide is still available; staff can help you.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Staff PIN</source>
        <translation>Staff PIN</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation>Wrong PIN</translation>
    </message>
</context>
<context>
    <name>ServicesScreen</name>
    <message>
        <source>Choose a service</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <source>Loading the services…</source>
        <translation>Loading the services…</translation>
    </message>
    <message>
        <source>No services to show just now. Please ask a member of staff.</source>
        <translation>No services to show just now. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>More services</source>
        <translation>More services</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Page %1 of %2</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Your number is %1.</source>
        <translation>Your number is %1.</translation>
    </message>
    <message>
        <source>Taking your ticket…</source>
        <translation>Taking your ticket…</translation>
    </message>
    <message>
        <source>This takes a moment.</source>
        <translation>This takes a moment.</translation>
    </message>
    <message>
        <source>No ticket was taken</source>
        <translation>No ticket was taken</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Your number</translation>
    </message>
    <message>
        <source>Please wait in: %1</source>
        <translation>Please wait in: %1</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Scan to follow your place</source>
        <translation>Scan to follow your place</translation>
    </message>
    <message>
        <source>Please have ready</source>
        <translation>Please have ready</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Wait: being estimated</source>
        <translation>Wait: being estimated</translation>
    </message>
    <message>
        <source>About %1 min</source>
        <translation>About %1 min</translation>
    </message>
    <message>
        <source>About %1-%2 min</source>
        <translation>About %1-%2 min</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <source>Your place in the line is being worked out</source>
        <translation>Your place in the line is being worked out</translation>
    </message>
    <message>
        <source>You are next</source>
        <translation>You are next</translation>
    </message>
    <message>
        <source>%1 people ahead of you</source>
        <translation>%1 people ahead of you</translation>
    </message>
    <message>
        <source>Closed for today</source>
        <translation>Closed for today</translation>
    </message>
    <message>
        <source>Not available now, opens at %1</source>
        <translation>Not available now, opens at %1</translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation>Not available now</translation>
    </message>
    <message>
        <source>Not available now: the counter is back soon</source>
        <translation>Not available now: the counter is back soon</translation>
    </message>
    <message>
        <source>Not available now: no counter is open for it</source>
        <translation>Not available now: no counter is open for it</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>Please take your ticket</source>
        <translation>Please take your ticket</translation>
    </message>
    <message>
        <source>The printer is out of paper. Please scan the QR code on the screen to follow your place.</source>
        <translation>The printer is out of paper. Please scan the QR code on the screen to follow your place.</translation>
    </message>
    <message>
        <source>The printer cover is open. Please scan the QR code on the screen to follow your place.</source>
        <translation>The printer cover is open. Please scan the QR code on the screen to follow your place.</translation>
    </message>
    <message>
        <source>The printer is not working. Please scan the QR code on the screen to follow your place.</source>
        <translation>The printer is not working. Please scan the QR code on the screen to follow your place.</translation>
    </message>
    <message>
        <source>Our staff have been told. Your ticket is kept: remember its number.</source>
        <translation>Our staff have been told. Your ticket is kept: remember its number.</translation>
    </message>
    <message>
        <source>We cannot reach the queue system just now. Please try again in a moment, or ask a member of staff.</source>
        <translation>We cannot reach the queue system just now. Please try again in a moment, or ask a member of staff.</translation>
    </message>
    <message>
        <source>No ticket can be taken for this service now. Please ask a member of staff.</source>
        <translation>No ticket can be taken for this service now. Please ask a member of staff.</translation>
    </message>
    <message>
        <source>You are checked in</source>
        <translation>You are checked in</translation>
    </message>
    <message>
        <source>Your ticket is below. Please wait to be called.</source>
        <translation>Your ticket is below. Please wait to be called.</translation>
    </message>
    <message>
        <source>You are checked in (a little late)</source>
        <translation>You are checked in (a little late)</translation>
    </message>
    <message>
        <source>You are in the line now. Please wait to be called.</source>
        <translation>You are in the line now. Please wait to be called.</translation>
    </message>
    <message>
        <source>It is too early to check in</source>
        <translation>It is too early to check in</translation>
    </message>
    <message>
        <source>Check-in opens 2 hours before your appointment. Please come back then, or take a normal ticket now.</source>
        <translation>Check-in opens 2 hours before your appointment. Please come back then, or take a normal ticket now.</translation>
    </message>
    <message>
        <source>Your appointment time has passed</source>
        <translation>Your appointment time has passed</translation>
    </message>
    <message>
        <source>Please take a normal ticket; a member of staff can help you.</source>
        <translation>Please take a normal ticket; a member of staff can help you.</translation>
    </message>
    <message>
        <source>No appointment found for today</source>
        <translation>No appointment found for today</translation>
    </message>
    <message>
        <source>Please check the code in your booking message, or take a normal ticket.</source>
        <translation>Please check the code in your booking message, or take a normal ticket.</translation>
    </message>
    <message>
        <source>This appointment cannot be checked in again</source>
        <translation>This appointment cannot be checked in again</translation>
    </message>
    <message>
        <source>Please ask a member of staff.</source>
        <translation>Please ask a member of staff.</translation>
    </message>
    <message>
        <source>This code cannot be read as a booking code</source>
        <translation>This code cannot be read as a booking code</translation>
    </message>
    <message>
        <source>Please check the code and type it again, or ask a member of staff.</source>
        <translation>Please check the code and type it again, or ask a member of staff.</translation>
    </message>
    <message>
        <source>We cannot reach the queue system just now</source>
        <translation>We cannot reach the queue system just now</translation>
    </message>
    <message>
        <source>Please try again in a moment, or ask a member of staff.</source>
        <translation>Please try again in a moment, or ask a member of staff.</translation>
    </message>
    <message>
        <source>Check-in did not work</source>
        <translation>Check-in did not work</translation>
    </message>
</context>
</TS>