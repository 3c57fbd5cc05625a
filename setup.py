"""Packaging glue pyproject.toml cannot express (metadata lives in pyproject.toml).

Outlet configs stay at the repository root (``spiders_config/``: adding an outlet touches only that folder
and ``tests/sites/``) and ship inside the package as ``newscrawler/spiders_config``. ``scrapyd-deploy``
builds its egg from this file too; without it, it would write its own setup.py that leaves the configs
and JSON schemas out.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[*find_namespace_packages(include=["newscrawler", "newscrawler.*"]), "newscrawler.spiders_config"],
    package_dir={"newscrawler.spiders_config": "spiders_config"},
)
