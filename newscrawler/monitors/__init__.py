"""Spidermon monitors run when each outlet crawl closes (see ``newscrawler.monitors.close``)."""
