"""courses.statistics_sections: what higher apps add to a course's statistics page, in order."""

from courses import statistics_sections as registry
from courses.statistics_sections import StatisticsSection, register_statistics_section, statistics_sections


def test_sections_render_in_order_and_none_leaves_one_out(monkeypatch, rf):
    """Each section gets the course id; a context of None leaves it out; no course, no section."""
    monkeypatch.setattr(registry, "_sections", {})
    register_statistics_section(StatisticsSection("b", "b.html", lambda request, course_id: {"id": course_id}, 2))
    register_statistics_section(StatisticsSection("a", "a.html", lambda request, course_id: {"first": True}, 1))
    register_statistics_section(StatisticsSection("c", "c.html", lambda request, course_id: None, 0))
    rendered = statistics_sections(rf.get("/"), 7)
    assert [(item["code"], item["context"]) for item in rendered] == [("a", {"first": True}), ("b", {"id": 7})]
    assert statistics_sections(rf.get("/"), None) == []


def test_surveys_fills_the_registry_from_ready():
    """The surveys app registers its section; courses itself imports nothing of surveys (lint-imports)."""
    assert "surveys.course_results" in registry._sections
