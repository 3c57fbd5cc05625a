"""The canary: each outlet's newest few articles fetched live and judged against what the outlet is expected to give.

``crawl`` fetches (one discovery page and at most three articles per outlet, politely, nothing stored),
``expectations`` says what each outlet should give (its recorded site, else its config), ``verdict``
compares them into one line per outlet, ``history`` finds in the store when a lost field was last seen.
"""
