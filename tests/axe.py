"""axe-core (Deque's accessibility engine, from npm) run in Chromium over a page, as pydata-sphinx-theme checks its own.

The package is installed once into ``build/axe`` with the site's own npm helper; nothing else is
fetched. Only the WCAG 2 A and AA rules run, and a test fails on a ``serious`` or ``critical`` one.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import ROOT

AXE = {"axe-core": "4.10.3"}
SEVERE = ("serious", "critical")


def axe_script() -> Path:
    """The path of ``axe.min.js``, installed from npm on first use."""
    from sistercity.site.assets import npm_install

    return npm_install(ROOT / "build" / "axe", AXE) / "axe-core" / "axe.min.js"


def severe_violations(page) -> list[str]:
    """Run axe's WCAG 2 A/AA rules on the open page; return its serious and critical findings."""
    page.add_script_tag(path=str(axe_script()))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                count: v.nodes.length,
            }));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}, {v['count']} nodes, e.g. {v['nodes']})"
        for v in found
        if v["impact"] in SEVERE
    ]
