"""Each case's document tree equals its golden file (see tests/goldens.py to refresh)."""

from __future__ import annotations

import pytest

from tests.goldens import CASES, REAL, case_names, render_case


def test_every_real_plan_has_a_golden() -> None:
    assert set(REAL) <= set(case_names())


@pytest.mark.parametrize("name", case_names())
def test_golden(name: str) -> None:
    expected = (CASES / name / "expected.yaml").read_text(encoding="utf-8")
    assert render_case(name) == expected


def test_rendered_pages_equal_their_goldens() -> None:
    """The Markdown of one page of each kind, both languages (refresh: python -m tests.goldens)."""
    from tests.goldens import PAGES, render_pages

    rendered = render_pages()
    assert sorted(rendered) == sorted(str(p.relative_to(PAGES)) for p in PAGES.rglob("*.md"))
    for name, text in rendered.items():
        assert text == (PAGES / name).read_text(encoding="utf-8"), f"tests/pages/{name} differs"
