"""The counter app's passive widgets: they draw the flows' state and pass input on."""
