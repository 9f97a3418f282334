<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Check in for your appointment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold the QR code of your booking inside the square</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or type your booking code (%1 letters and digits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your booking code (%1 letters and digits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Erase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FaceScreen</name>
    <message>
        <source>Face check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use my QR code or booking code instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please look at the camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep your face inside the circle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please stay still for a moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are checked in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We could not check you in by face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please use the QR code or booking code of your appointment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>Guide to our services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The guide is not available yet. Please ask a member of staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usually takes about %1 min at the counter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Touch a choice below to begin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take a ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue for a service at a counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have an appointment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check in with your QR code or booking code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Face check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For customers who agreed to face check-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where to go, what to bring, how long it takes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>BranchQ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elder mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returning to the start in %1 s. Touch the screen to stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We cannot reach the queue system just now and keep trying by ourselves. The guide is still available; staff can help you.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Staff PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServicesScreen</name>
    <message>
        <source>Choose a service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the services…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No services to show just now. Please ask a member of staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Taking your ticket…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This takes a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ticket was taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please wait in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan to follow your place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please have ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Wait: being estimated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About %1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About %1-%2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your place in the line is being worked out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 people ahead of you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed for today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available now, opens at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available now: the counter is back soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available now: no counter is open for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please take your ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer is out of paper. Please scan the QR code on the screen to follow your place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer cover is open. Please scan the QR code on the screen to follow your place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer is not working. Please scan the QR code on the screen to follow your place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Our staff have been told. Your ticket is kept: remember its number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We cannot reach the queue system just now. Please try again in a moment, or ask a member of staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ticket can be taken for this service now. Please ask a member of staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are checked in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your ticket is below. Please wait to be called.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are checked in (a little late)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are in the line now. Please wait to be called.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is too early to check in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check-in opens 2 hours before your appointment. Please come back then, or take a normal ticket now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your appointment time has passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please take a normal ticket; a member of staff can help you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No appointment found for today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please check the code in your booking message, or take a normal ticket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This appointment cannot be checked in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please ask a member of staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This code cannot be read as a booking code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please check the code and type it again, or ask a member of staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We cannot reach the queue system just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please try again in a moment, or ask a member of staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check-in did not work</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
