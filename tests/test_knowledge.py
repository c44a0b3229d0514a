"""knowledge/ holds the seed documents faithfully: every sentence of a seed is in its Markdown file, and
the Markdown adds no sentence of its own (headings and front matter aside)."""

from __future__ import annotations

import re

import frontmatter
import pytest

from tests.conftest import KNOWLEDGE

SEEDS = KNOWLEDGE.parents[1] / "shared" / "seeds"
PAIRS = [("000_c05cc0988d40b57d.txt", "director-of-education-technology.md"),
         ("001_29c8b53a51351c4a.txt", "tech-director.md")]
# Scraping junk the conversion removes on purpose: navigation, the page title (kept in front matter as
# source_note), run-together tags (kept as front matter tags), and the trailing duplicated heading's
# filler line, which states no fact.
JUNK = ["Back to Home", "Key Responsibilities and Required Skills for Tech Director",
        "TechnologyLeadershipManagementITEngineering",
        "More perspective on Director of education technology can make the topic easier to follow by connecting "
        "earlier points with a few simple takeaways."]


def _sentences(text: str) -> list[str]:
    text = re.sub(r"[💰🎯📈]", " ", text)
    for junk in JUNK:
        text = text.replace(junk, " ")
    pieces = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [re.sub(r"\s+", " ", p).strip(" •-:") for p in pieces if len(p.split()) >= 4]


@pytest.mark.skipif(not SEEDS.exists(), reason="the shared seeds folder is not beside this checkout")
@pytest.mark.parametrize("seed,converted", PAIRS)
def test_every_seed_sentence_is_kept(seed: str, converted: str) -> None:
    body = re.sub(r"\s+", " ", frontmatter.load(KNOWLEDGE / converted).content)
    missing = [s for s in _sentences((SEEDS / seed).read_text()) if s not in body]
    assert missing == []


@pytest.mark.skipif(not SEEDS.exists(), reason="the shared seeds folder is not beside this checkout")
@pytest.mark.parametrize("seed,converted", PAIRS)
def test_no_sentence_is_added(seed: str, converted: str) -> None:
    seed_text = re.sub(r"\s+", " ", (SEEDS / seed).read_text())
    body = frontmatter.load(KNOWLEDGE / converted).content
    prose = [s for s in _sentences("\n".join(line for line in body.splitlines() if not line.startswith("#")))]
    added = [s for s in prose if s not in seed_text]
    assert added == []


def test_front_matter_has_title_aliases_and_family() -> None:
    for path in KNOWLEDGE.glob("*.md"):
        meta = frontmatter.load(path).metadata
        assert meta["title"] and meta["family"] and isinstance(meta["aliases"], list), path
    tech = frontmatter.load(KNOWLEDGE / "tech-director.md").metadata
    assert "Director of Technology" in tech["aliases"]
    edtech = frontmatter.load(KNOWLEDGE / "director-of-education-technology.md").metadata
    assert {"Director of EdTech", "EdTech Director"} <= set(edtech["aliases"])
    assert not re.search(r"\$\d", (KNOWLEDGE / "director-of-education-technology.md").read_text())
