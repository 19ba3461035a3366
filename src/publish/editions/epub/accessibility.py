"""EPUB Accessibility 1.1 discovery metadata, claiming only what the content shows."""

from __future__ import annotations

from dataclasses import dataclass

from publish.book.model import Book


@dataclass(frozen=True)
class AccessibilityFacts:
    """What the a11y metadata may claim, found in the content rather than assumed."""

    images: int
    images_with_alt: int
    notes: int
    print_pages: int  # page-break markers from the print edition

    @property
    def all_images_described(self) -> bool:
        return self.images > 0 and self.images == self.images_with_alt


def accessibility_facts(book: Book, pages: list[tuple[str, str]]) -> AccessibilityFacts:
    images = described = 0
    for chapter in book.chapters:
        for image in chapter.tree().iter("img"):
            images += 1
            described += bool(image.get("alt", "").strip())
    notes = sum(len(chapter.notes) for chapter in book.chapters)
    # Every EPUB has a cover image (the publisher's or the typographic one), described in words.
    return AccessibilityFacts(images + 1, described + 1, notes, len(pages))


def accessibility_metadata(facts: AccessibilityFacts) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 discovery metadata, claiming only what the content shows."""
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
    claims += [("schema:accessibilityFeature", feature) for feature in features]
    claims.append(("schema:accessibilityHazard", "none"))
    claims.append(("schema:accessibilitySummary", accessibility_summary(facts)))
    return claims


def accessibility_summary(facts: AccessibilityFacts) -> str:
    sentences = ["This publication has a table of contents, structured headings and a logical "
                 "reading order, and its text can be restyled and enlarged by the reader."]
    if facts.images == 0:
        sentences.append("It contains no images.")
    elif facts.all_images_described:
        sentences.append(f"Each of its {facts.images} images has a text description."
                         if facts.images > 1 else "Its one image has a text description.")
    else:
        sentences.append(f"{facts.images - facts.images_with_alt} of its {facts.images} images "
                         "have no text description.")
    if facts.notes:
        sentences.append("Footnotes are linked to and from the text.")
    if facts.print_pages:
        sentences.append("The page numbers of the print edition are marked in the text and "
                         "listed for navigation.")
    sentences.append("No hazards are known.")
    return " ".join(sentences)
