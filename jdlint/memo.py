"""Per-document memoisation by identity.

Several rules ask the same question of one document (its sentence counts, its
sections). ``functools.lru_cache`` would answer, but it hashes its arguments
on every call, and hashing a frozen ``Document`` walks its text, blocks and
sentences: on real postings that cost more than some of the answers. Here the
key is the objects' identities (strings, numbers and paths, cheap to hash and
often equal but not identical, are keyed by value); the cache holds the
arguments themselves, so an identity cannot be reused while its entry lives.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import PurePath
from typing import Any, ParamSpec, TypeVar

BY_VALUE = (str, int, PurePath)  # argument types keyed by value, not identity
P = ParamSpec("P")
R = TypeVar("R")


def by_identity(size: int = 8) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Cache a function's last ``size`` results, keyed by the identity of its positional arguments."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        entries: dict[tuple[Any, ...], tuple[tuple[Any, ...], R]] = {}

        @wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs:
                return func(*args, **kwargs)
            if len(args) == 1:  # the common case, without a generator
                only = args[0]
                key: tuple[Any, ...] = (only if isinstance(only, BY_VALUE) else id(only),)
            else:
                key = tuple(a if isinstance(a, BY_VALUE) else id(a) for a in args)
            hit = entries.get(key)
            if hit is not None:
                return hit[1]
            result = func(*args, **kwargs)
            if len(entries) >= size:
                del entries[next(iter(entries))]  # oldest first: dicts keep insertion order
            entries[key] = (args, result)
            return result

        return wrapper

    return decorate
