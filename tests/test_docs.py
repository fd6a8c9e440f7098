"""The README documents every setting and both set-up commands; .ci/run runs the test command."""
from pathlib import Path

from nukumori.settings import SETTINGS

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme():
    missing = [name for name, _, _ in SETTINGS if f"NUKUMORI_{name.upper()}" not in README]
    assert missing == []


def test_readme_gives_the_two_set_up_commands_and_ci_uses_the_test_one():
    assert "./scripts/serve" in README and "./scripts/test" in README
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text()
