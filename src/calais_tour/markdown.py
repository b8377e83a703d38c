"""Markdown to HTML for tour texts, with raw HTML disabled, images and links checked.

Images must be files in the tour's ``media/`` folder, written ``media/<file>``, with alt
text; they are served from ``/media/<tour>/<file>``. Links are collected with their line, to
be checked against the site's pages once every tour is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from markdown_it import MarkdownIt

from .errors import ContentError

#: links that leave the site; anything else must be a path of this site
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")
#: schemes that run code or smuggle content: never rendered as links
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")

# raw HTML stays text: tour prose can never inject markup or scripts
_markdown = MarkdownIt("commonmark", {"html": False})


@dataclass
class Rendered:
    """Markdown rendered to HTML, with what it refers to."""

    html: str
    media: tuple[str, ...] = ()  # files below the tour's media/ folder
    links: list[tuple[Path, int, str]] = field(default_factory=list)  # (file, line, href)


def render(
    text: str, path: Path, first_line: int, folder: Path, problems: list[ContentError]
) -> Rendered:
    """Render ``text`` (from ``path``, starting at ``first_line``) for the tour in ``folder``."""
    tokens = _markdown.parse(text)
    media: list[str] = []
    links: list[tuple[Path, int, str]] = []
    for block in tokens:
        line = first_line + (block.map[0] if block.map else 0)
        for token in block.children or []:
            if token.type == "link_open":
                links.append((path, line, str(token.attrGet("href") or "")))
            elif token.type == "image":
                name = _image(token.attrGet("src"), token.content, path, line, folder, problems)
                if name:
                    token.attrSet("src", f"/media/{folder.name}/{name}")
                    media.append(name)
    problems += unsafe_links(text, path, first_line)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return Rendered(str(html), tuple(media), links)


def _image(
    src_value: object, alt: str, path: Path, line: int, folder: Path,
    problems: list[ContentError],
) -> str | None:
    """Check an image; return its name below media/ when it can be shown."""
    src = str(src_value or "")
    if not alt.strip():
        problems.append(ContentError(path, line, f'image "{src}" has no alt text: write what '
                                     "it shows between the brackets, ![like this](...)"))
    name = src.removeprefix("media/")
    if src.startswith(LINK_SCHEMES) or not src.startswith("media/"):
        problems.append(ContentError(path, line, f'image "{src}": put images in the tour\'s '
                                     "media/ folder and write media/<file> (nothing is loaded "
                                     "from other sites)"))
        return None
    if not (folder / "media" / name).is_file():
        problems.append(ContentError(path, line, f'image "{src}" not found in '
                                     f"{folder.name}/media/"))
        return None
    return name


def unsafe_links(text: str, path: Path, first_line: int) -> list[ContentError]:
    """Report links whose scheme Markdown refuses to render (they would silently be text)."""
    problems = []
    for n, line in enumerate(text.splitlines(), first_line):
        lowered = line.casefold()
        for scheme in UNSAFE_SCHEMES:
            if f"]({scheme}" in lowered.replace(" ", "") or f"<{scheme}" in lowered:
                problems.append(ContentError(path, n, f'a "{scheme}" link is not allowed: '
                                             "link to https:// pages or to this site's pages"))
    return problems
