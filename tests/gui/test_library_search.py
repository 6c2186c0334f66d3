"""Library search as the desk reads it: one entry per article with a count and snippets (issue 13, case 12)."""

from __future__ import annotations

from desktop.gui.widgets.library_sidebar import ID_ROLE, SENTENCE_ROLE, SNIPPET_ROLE
from tests.gui.conftest import wait_idle


def test_search_shows_each_article_once_with_a_count_and_its_snippets(qtbot, window, tmp_path):
    many = tmp_path / "budget.txt"
    many.write_text("Бюджетът на общината\n\n" + " ".join(f"Бюджетът за {i} година е приет." for i in range(27)),
                    encoding="utf-8")
    few = tmp_path / "elections.txt"
    few.write_text("Изборите в неделя\n\nМинистърът каза, че бюджетът ще бъде приет.", encoding="utf-8")
    for path in (many, few):
        window.documents.open_path(str(path))
        wait_idle(qtbot, window)
    sidebar = window.sidebar
    sidebar.search.setText("бюджетът")
    qtbot.waitUntil(lambda: "match" in sidebar.status.text(), timeout=10_000)
    wait_idle(qtbot, window)

    rows = [sidebar.list.item(i) for i in range(sidebar.list.count())]
    texts = [row.text() for row in rows]
    heads = [row for row in rows if not row.data(SNIPPET_ROLE)]
    assert [h.text().splitlines()[0] for h in heads] == ["Изборите в неделя", "Бюджетът на общината"]
    assert sum("Бюджетът на общината" in t for t in texts) == 1  # the title once, not 27 times
    assert heads[1].text().splitlines()[1].startswith(("27 matches", "28 matches"))
    assert heads[0].text().splitlines()[1] == "1 match"
    snippets = [row for row in rows if row.data(SNIPPET_ROLE)]
    assert 1 < len(snippets) <= 4 and all("«" in s.text() and s.data(SENTENCE_ROLE) for s in snippets)
    assert "in 2 articles" in sidebar.status.text()

    chosen: list[tuple[int, str]] = []
    sidebar.document_chosen.connect(lambda doc_id, sentence: chosen.append((doc_id, sentence)))
    last = snippets[-1]
    sidebar._on_list_item_activated(last)  # a snippet opens its article at that sentence
    assert chosen == [(last.data(ID_ROLE), last.data(SENTENCE_ROLE))]
    wait_idle(qtbot, window)
