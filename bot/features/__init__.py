"""The rooms: one module per thing a user does, each exposing `FEATURE` (see `bot.feature`).

The list of installed features lives in `bot.compose.FEATURES`, the one composition root.
"""
