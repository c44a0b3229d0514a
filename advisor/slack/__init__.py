"""The Slack surface: a slack-bolt app over the same `Advisor` the CLI uses.

app.py wires it; listeners/ holds one module per surface (mentions, direct messages, the assistant pane,
the slash command, button clicks); reply.py is the one path every question takes to an answer in Slack;
blocks.py renders answers as Block Kit; privacy.py decides where pay may be shown; threads.py turns a
thread into conversation history; serve.py runs the app (Socket Mode or HTTP).
"""
