"""Time: round deadlines, nudges and check-ins, run exactly once from the database.

The database holds every scheduled item (`bot.services.scheduling` decides what and when); the
`Dispatcher` claims due items atomically and runs their handlers; `BotScheduler` runs it on a loop
that wakes when the next item falls due, with APScheduler for the periodic chores beside it.
Import from the submodules: this package imports nothing, so the workflows can import `planning`
without pulling in the handlers that import them.
"""
