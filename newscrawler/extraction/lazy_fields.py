"""A layer's fields computed on first use: lower layers are asked only for what the layers above lack."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any


class LazyFields(Mapping[str, Any]):
    """A layer's fields, each computed the first time it is asked for (empty values are absent)."""

    def __init__(self, getters: dict[str, Callable[[], Any]]) -> None:
        self._getters = getters
        self._values: dict[str, Any] = {}

    def _value(self, name: str) -> Any:
        if name not in self._values:
            getter = self._getters.get(name)
            self._values[name] = getter() if getter else None
        return self._values[name]

    def __getitem__(self, name: str) -> Any:
        value = self._value(name)
        if not value:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._getters if self._value(name))

    def __len__(self) -> int:
        return sum(1 for _ in self)
