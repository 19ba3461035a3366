"""The only source WeasyPrint may load from: the Book's own fonts and images and the
ICC output profile, held in memory.

Print builds never touch the network and never read a file outside the project, so every URL
the print document or its stylesheets name goes through MemoryFetcher: a URL it was given
answers with those bytes; any other URL (http:, https:, file:, data:, a relative path) stops
the render with RefusedURLError instead of being quietly skipped.
"""

from __future__ import annotations

from collections.abc import Mapping

from weasyprint.urls import URLFetcher, URLFetcherResponse

from publish.layout.served import FONT_SCHEME, PROFILE_SCHEME, RESOURCE_SCHEME, Fetchable


class RefusedURLError(ValueError):
    """A URL that is not one of the Book's own resources: builds fetch nothing else."""

    def __init__(self, url: str) -> None:
        super().__init__(f"refused to fetch {url!r}: print builds load only the book's own "
                         "fonts and images (no network, no files outside the project)")
        self.url = url


class MemoryFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Answers only the URLs it holds; refuses everything else, fatally."""

    def __init__(self, files: Mapping[str, Fetchable]) -> None:
        # fail_on_errors turns our refusal into a FatalURLFetchingError that stops the render,
        # where WeasyPrint would otherwise log a warning and leave the image out.
        super().__init__(fail_on_errors=True, allowed_protocols=(FONT_SCHEME, RESOURCE_SCHEME,
                                                                PROFILE_SCHEME))
        self.files = dict(files)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        found = self.files.get(url)
        if found is None:
            raise RefusedURLError(url)
        return URLFetcherResponse(url, found.data, {"Content-Type": found.media_type})
