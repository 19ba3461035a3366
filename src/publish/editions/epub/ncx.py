"""The NCX's page list: the print edition's pages for EPUB 2 reading systems (Adobe RMSDK,
older Kobo and Nook readers), which read the NCX and not the nav's page-list.

NCX (ANSI/NISO Z39.86-2005) orders everything a reader may go to by playOrder: EPUBCheck
asks that it run 1, 2, 3... without gaps, that one target have one number and one number one
target. With pages among the contents' entries the only order that means anything is the
reading order, so every navPoint and pageTarget is numbered again by where its target stands
in the spine and, inside its document, by the place of the element its fragment names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lxml import etree

NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
ROMAN = set("ivxlcdm")


def add_page_list(root: etree._Element, pages: Sequence[tuple[str, str]], title: str,
                  order: Callable[[str], tuple[int, int]]) -> None:
    """A <pageList> after the navMap, one pageTarget per (href, label) of the nav's page
    list; the head's page counts; every playOrder in reading order (`order` gives a target's
    place: its document's in the spine, then its element's in the document)."""
    if not pages:
        return
    page_list = etree.Element(f"{{{NCX_NS}}}pageList")
    label = etree.SubElement(page_list, f"{{{NCX_NS}}}navLabel")
    etree.SubElement(label, f"{{{NCX_NS}}}text").text = title
    for number, (href, page) in enumerate(pages, start=1):
        # Roman folios are the front matter's; a value is a number, so roman pages have none
        # (the value and type pair must be unique, and i..x would repeat 1..10 otherwise).
        front = bool(page) and set(page.lower()) <= ROMAN and not page.isdigit()
        target = etree.SubElement(page_list, f"{{{NCX_NS}}}pageTarget",
                                  {"id": f"page-target-{number}",
                                   "type": "front" if front else "normal",
                                   "playOrder": "0"})  # numbered below
        if page.isdigit():
            target.set("value", page)
        text = etree.SubElement(etree.SubElement(target, f"{{{NCX_NS}}}navLabel"),
                                f"{{{NCX_NS}}}text")
        text.text = page
        etree.SubElement(target, f"{{{NCX_NS}}}content", src=href)
    nav_map = root.find(f"{{{NCX_NS}}}navMap")
    if nav_map is None:
        root.append(page_list)
    else:
        nav_map.addnext(page_list)
    numbers = [int(page) for _, page in pages if page.isdigit()]
    for meta in root.iterfind(f"{{{NCX_NS}}}head/{{{NCX_NS}}}meta"):
        if meta.get("name") == "dtb:totalPageCount":
            meta.set("content", str(len(pages)))
        elif meta.get("name") == "dtb:maxPageNumber":
            meta.set("content", str(max(numbers, default=0)))
    renumber_play_order(root, order)


def renumber_play_order(root: etree._Element, order: Callable[[str], tuple[int, int]]) -> None:
    """playOrder 1, 2, 3... in reading order, one number for each distinct target."""
    pointed = [(node, content.get("src", "")) for node in root.iter()
               if node.get("playOrder") is not None
               and (content := node.find(f"{{{NCX_NS}}}content")) is not None]
    places = sorted({src for _, src in pointed}, key=lambda src: (*order(src), src))
    number_of = {src: number for number, src in enumerate(places, start=1)}
    for node, src in pointed:
        node.set("playOrder", str(number_of[src]))


def document_order(documents: Sequence[tuple[str, bytes]]) -> Callable[[str], tuple[int, int]]:
    """A target's place in reading order, from the spine's (file name, XHTML) pairs: a file
    alone comes before anything in it; a target not found goes last."""
    places: dict[str, tuple[int, int]] = {}
    for spine_index, (file_name, content) in enumerate(documents):
        places[file_name] = (spine_index, -1)
        if not content:  # the nav, which ebooklib writes later: nothing in it is a target
            continue
        for element_index, node in enumerate(etree.fromstring(content).iter()):
            node_id = node.get("id") if isinstance(node.tag, str) else None
            if node_id:
                places[f"{file_name}#{node_id}"] = (spine_index, element_index)
    last = (len(documents), 0)
    return lambda src: places.get(src, last)
