"""The project's one time-zone source: Africa/Casablanca from the pinned ``tzdata`` wheel.

``zoneinfo.ZoneInfo("Africa/Casablanca")`` would prefer the operating system's zone files, which
differ between machines (Debian's data and tzdata 2026.6 disagree from 2026-09-20). Loading the
zone from the wheel pinned in requirements.txt gives the same answer everywhere.
"""

from datetime import UTC, datetime
from importlib import resources
from zoneinfo import ZoneInfo

__all__ = ["CASABLANCA", "UTC", "to_utc", "now_utc"]

UTC = UTC


def _load_casablanca() -> ZoneInfo:
    zone_file = resources.files("tzdata.zoneinfo").joinpath("Africa/Casablanca")
    with zone_file.open("rb") as handle:
        return ZoneInfo.from_file(handle, key="Africa/Casablanca")


CASABLANCA = _load_casablanca()


def to_utc(local: datetime) -> datetime:
    """A naive Casablanca wall-clock time (or an aware one) as an aware UTC datetime."""
    if local.tzinfo is None:
        local = local.replace(tzinfo=CASABLANCA)
    return local.astimezone(UTC)


def now_utc() -> datetime:
    return datetime.now(UTC)
