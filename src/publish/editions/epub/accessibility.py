"""EPUB Accessibility 1.1 discovery metadata, claiming only what the content shows; its
summary in the book's language (phrases.toml)."""

from __future__ import annotations

from dataclasses import dataclass

from publish.book.model import Book
from publish.book.phrases import Phrases, phrases_of


@dataclass(frozen=True)
class AccessibilityFacts:
    """What the a11y metadata may claim, found in the content rather than assumed."""

    images: int
    images_with_alt: int
    notes: int
    print_pages: int  # page-break markers from the print edition
    ruby: bool = False  # readings over their words (Japanese furigana): `rubyAnnotations`

    @property
    def all_images_described(self) -> bool:
        return self.images > 0 and self.images == self.images_with_alt


def accessibility_facts(book: Book, pages: list[tuple[str, str]]) -> AccessibilityFacts:
    images = described = 0
    ruby = False
    for chapter in book.chapters:
        tree = chapter.tree()
        for image in tree.iter("img"):
            images += 1
            described += bool(image.get("alt", "").strip())
        ruby = ruby or next(tree.iter("rt"), None) is not None
    notes = sum(len(chapter.notes) for chapter in book.chapters)
    # Every EPUB has a cover image (the publisher's or the typographic one), described in words.
    return AccessibilityFacts(images + 1, described + 1, notes, len(pages), ruby)


def declared(book: Book, pages: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What the EPUB of the book, with these print pages listed, declares of its
    accessibility: the package's metadata, and what the ONIX record crosswalks."""
    return accessibility_metadata(accessibility_facts(book, pages), phrases_of(book.metadata),
                                  book.metadata.accessibility.exemption)


def accessibility_metadata(facts: AccessibilityFacts, say: Phrases,
                           exemption: str | None = None) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 discovery metadata, claiming only what the content shows, and
    the exemption from the European Accessibility Act the publisher declares, if any (the
    conformance claim is added once the built EPUB is certified: certify.py)."""
    claims = [("schema:accessMode", "textual")]
    if facts.images:
        claims.append(("schema:accessMode", "visual"))
    if facts.images == 0 or facts.all_images_described:
        claims.append(("schema:accessModeSufficient", "textual"))
    if facts.images:
        claims.append(("schema:accessModeSufficient", "textual,visual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder",
                "displayTransformability"]
    if facts.all_images_described:
        features.append("alternativeText")
    if facts.print_pages:
        features += ["pageBreakMarkers", "pageNavigation"]
    if facts.ruby:
        features.append("rubyAnnotations")
    claims += [("schema:accessibilityFeature", feature) for feature in features]
    claims.append(("schema:accessibilityHazard", "none"))
    claims.append(("schema:accessibilitySummary", accessibility_summary(facts, say)))
    if exemption:
        claims.append(("a11y:exemption", exemption))
    return claims


def accessibility_summary(facts: AccessibilityFacts, say: Phrases) -> str:
    """What the claims say, in a sentence or two a reader can read."""
    sentences = [say.say("a11y-structure")]
    if facts.images == 0:
        sentences.append(say.say("a11y-no-images"))
    elif facts.all_images_described:
        sentences.append(say.say("a11y-images", count=str(facts.images)) if facts.images > 1
                         else say.say("a11y-one-image"))
    else:
        missing = facts.images - facts.images_with_alt
        sentences.append(say.counted("a11y-undescribed", missing, missing=str(missing),
                                     count=str(facts.images)))
    if facts.notes:
        sentences.append(say.say("a11y-notes"))
    if facts.print_pages:
        sentences.append(say.say("a11y-pages"))
    sentences.append(say.say("a11y-hazards"))
    return say.say("between-sentences").join(sentences)
