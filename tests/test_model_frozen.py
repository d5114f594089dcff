"""``model.frozen`` makes the classes ``dataclass(frozen=True)`` makes: same methods, same answers."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import pytest

from constdiff.model import Lineage, Span, frozen


def twins(order: bool = False) -> tuple[type, type]:
    """The same class body under ``dataclass`` and under ``frozen``."""

    def body() -> type:
        class Entry:
            name: str
            numbers: tuple[int, ...]
            size: float = 1.5
            note: str | None = dataclasses.field(default=None, repr=False, compare=False)

            def __post_init__(self) -> None:
                if self.size < 0:
                    raise ValueError("size below 0")

        return Entry

    return dataclasses.dataclass(frozen=True, order=order)(body()), frozen(order=order)(body())


def test_a_frozen_class_behaves_as_a_frozen_dataclass() -> None:
    written, made = twins()
    for cls in (written, made):
        first, same, other = cls("a", (1, 2)), cls("a", (1, 2), note="x"), cls("b", (1,), 2.0, "y")
        assert (repr(first), repr(other)) == (
            f"{cls.__qualname__}(name='a', numbers=(1, 2), size=1.5)", f"{cls.__qualname__}(name='b', numbers=(1,), size=2.0)"
        )
        assert first == same and first != other and hash(first) == hash(same) == hash(("a", (1, 2), 1.5))
        assert first.__eq__(("a", (1, 2), 1.5)) is NotImplemented
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'name'"):
            first.name = "c"  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'size'"):
            del first.size
        with pytest.raises(ValueError, match="size below 0"):
            cls("a", (), -1.0)
        with pytest.raises(TypeError, match=r"Entry.__init__\(\) missing 1 required positional argument: 'numbers'"):
            cls("a")
        assert dataclasses.replace(other, name="c") == cls("c", (1,), 2.0)
        assert dataclasses.asdict(other) == {"name": "b", "numbers": (1,), "size": 2.0, "note": "y"}
        assert copy.deepcopy(other) == other
    assert str(inspect.signature(made)) == str(inspect.signature(written))
    assert made.__doc__ == written.__doc__ and made.__match_args__ == written.__match_args__
    assert made.__dataclass_params__.__repr__() == written.__dataclass_params__.__repr__()
    assert [(f.name, f.default, f.repr, f.compare) for f in dataclasses.fields(made)] == [
        (f.name, f.default, f.repr, f.compare) for f in dataclasses.fields(written)
    ]
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        assert getattr(made, name).__qualname__ == getattr(written, name).__qualname__ == f"{twins.__qualname__}.<locals>.body.<locals>.Entry.{name}"


def test_ordered_frozen_classes_sort_as_ordered_dataclasses() -> None:
    written, made = twins(order=True)
    for cls in (written, made):
        items = [cls("b", (1,)), cls("a", (2,)), cls("a", (1,), 3.0), cls("a", (1,))]
        assert [(item.name, item.numbers, item.size) for item in sorted(items)] == [
            ("a", (1,), 1.5), ("a", (1,), 3.0), ("a", (2,), 1.5), ("b", (1,), 1.5)
        ]
        assert items[1] <= items[0] and items[0] >= items[1] and not items[0] < items[0]
        assert items[0].__lt__(("b", (1,), 1.5)) is NotImplemented


def test_what_frozen_does_not_write_is_refused() -> None:
    with pytest.raises(TypeError, match="plain positional fields only"):

        @frozen
        class Listed:
            items: list[int] = dataclasses.field(default_factory=list)

    @frozen
    class Base:
        name: str

    with pytest.raises(TypeError, match="no subclass of a dataclass"):

        @frozen
        class Derived(Base):
            size: int = 0


def test_model_values_travel_between_processes_intact() -> None:
    lineage = Lineage("L1", ("1", "2"), (None, None), 0, 1, pairs=(None, None))
    assert pickle.loads(pickle.dumps(lineage)) == lineage and pickle.loads(pickle.dumps(Span(3, 4))) == Span(3, 4)
