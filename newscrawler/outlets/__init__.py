"""Outlet configs: one validated YAML file per outlet in ``spiders_config/``."""

from newscrawler.outlets.registry import (
    OutletConfig,
    OutletConfigError,
    load_outlet,
    load_outlets,
    outlet_for_url,
    outlet_names,
    reader_for,
)

__all__ = [
    "OutletConfig",
    "OutletConfigError",
    "load_outlet",
    "load_outlets",
    "outlet_for_url",
    "outlet_names",
    "reader_for",
]
