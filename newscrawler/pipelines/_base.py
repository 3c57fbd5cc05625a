"""What every pipeline step shares: the crawler, for its stats and settings."""


class PipelineStep:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)
