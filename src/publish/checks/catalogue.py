"""Every finding `publish check` can report, by its stable code, with what it checks and why.

A code is a family letter and a number, as Standard Ebooks' lint has them, so a print shop, a
CI log or an issue can cite "P-012" and mean the same check in every version. Codes are never
reused: a check that is dropped keeps its number retired.

Families: P, the print interior as a print shop's preflight sees it (and, where a rule holds
for any print file, the cover too); C, the cover wrap's own rules; E, the editions say what the
manuscript says (parity); F, the folios: the print page numbers the EPUB and the text carry;
K and A, a store's rules a program can check: Kobo's on the kepub, Apple Books' on the EPUB;
B, the stores' cover image; W, the EPUB's accessibility conformance claim (WCAG).
`publish lint` reads the manuscript itself: N, its notes; S, its structure; T, its tables; D,
damage a source brings (a web extraction's, a scan's) that proofreading finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Code:
    code: str  # e.g. "P-003"
    title: str  # what is checked, as a report line names it
    explanation: str  # why it matters, and what to do when it fails
    severity: Severity = "error"  # a lint finding's: an error stops the build, a warning not
    example: str = ""  # for a lint code: Markdown that has the problem
    fix: str = ""  # for a check's code: what to do when it fails, shown with the failure


CODES = (
    Code("P-001", "PDF/X identification",
         "The file says which PDF/X standard it meets (GTS_PDFXVersion), with a title, a "
         "Trapped key and a file identifier; print shops' preflights reject a file without.",
         fix="Rebuild the interior with `publish build pdf`: it writes PDF/X-1a (or "
             "--pdf-variant pdf/x-4); a file edited by another program may have lost the keys."),
    Code("P-002", "output intent",
         "One GTS_PDFX output intent with an embedded CMYK printer profile: the press the "
         "colours were prepared for. PDF/X requires it.",
         fix="Rebuild with `publish build pdf`; if the project gives its own profile, make it a "
             "CMYK output (printer) profile."),
    Code("P-003", "fonts embedded",
         "Every font the file uses is embedded, so the press prints the typeface it was set in.",
         fix="Rebuild with `publish build pdf`: every face it uses is embedded; a font added by "
             "another program must be embedded there."),
    Code("P-004", "colour spaces",
         "Only CMYK, gray or spot colours, in drawing and in images: PDF/X-1a forbids RGB.",
         fix="Give images in CMYK or grey (or let the build convert them: rebuild), and colours "
             "in styles as device-cmyk()."),
    Code("P-005", "transparency",
         "No soft masks, alpha below 1, blend modes or transparency groups: PDF/X-1a has no "
         "transparency, and flattening it at the printer changes what prints.",
         fix="Remove opacity, blend modes and images with an alpha channel from the styles and "
             "images, then rebuild."),
    Code("P-006", "annotations",
         "No links, comments or form fields: KDP rejects a print file that has them.",
         fix="Rebuild the print interior with `publish build pdf` (it writes no links); remove "
             "what another program added."),
    Code("P-007", "bookmarks",
         "No bookmarks (outlines): a print file is pages, not a document to navigate.",
         fix="Rebuild with `publish build pdf`, which writes none; remove those another program "
             "added."),
    Code("P-008", "image resolution",
         "Every image at 300 ppi or more at the size it is printed; less prints soft.",
         fix="Replace the image named with one of at least 300 ppi at its printed size, or print "
             "it smaller."),
    Code("P-009", "trim and boxes",
         "Every page's TrimBox is the book's trim, its BleedBox the trim with the bleed the "
         "build asked for, and its MediaBox holds both.",
         fix="Rebuild with the trim and bleed the print shop asks for (`--trim`, `--bleed`), or "
             "check with the ones the file was built for."),
    Code("P-010", "page count",
         "An even page count (every leaf has two sides); under 24 pages KDP will not print a "
         "paperback, which is a warning.",
         fix="Rebuild with `publish build pdf`, which pads to an even count; for KDP, a book "
             "needs 24 pages or more."),
    Code("P-011", "text K-only",
         "Text in black ink alone: four-colour black text prints blurred where the plates "
         "do not register exactly.",
         fix="Set text colours in the styles as device-cmyk(0 0 0 1) (or grey), then rebuild."),
    Code("P-012", "safe area",
         "Every character at least 0.5 in inside the trim, folios included, so trimming "
         "never cuts text (IngramSpark, Lulu).",
         fix="Move what the report names inside the margins (the styles' @page margins, or an "
             "image or table too wide), then rebuild."),
    Code("P-013", "inside margin",
         "Text clear of the binding by KDP's inside margin for the book's page count.",
         fix="Widen the inside margin in the styles (@page :left and :right) to KDP's figure for "
             "the page count, then rebuild."),
    Code("P-014", "blank pages",
         "At most 2 blank pages in a row inside the book and 10 at its end, or Amazon queries "
         "the file (a warning).",
         fix="Remove the empty pages (forced breaks, empty chapters) from the manuscript or "
             "styles, or accept the query."),
    Code("C-001", "trim and boxes",
         "The wrap's TrimBox is as tall as the trim and at least two covers wide, with 0.125 in "
         "of bleed on every side: the cover's field runs off every edge.",
         fix="Rebuild the cover with `publish build cover`, which sets the boxes and the bleed."),
    Code("C-002", "spine width",
         "The wrap's width less two covers is the spine, which must be the interior's page "
         "count times the paper's thickness per page, or the cover will not close round the "
         "book: rebuild the cover with the interior.",
         fix="Rebuild the cover with the interior beside it (`publish build pdf cover`), with "
             "the paper the printer uses (`--paper`)."),
    Code("C-003", "total ink",
         "No colour asks the press for more than 240 % ink (IngramSpark's cover limit): more "
         "dries badly and sets off.",
         fix="Use colours of at most 240 % total ink in the cover's styles and images, then "
             "rebuild the cover."),
    Code("C-004", "black text K-only",
         "Black text on the cover in black ink alone, as in the interior.",
         fix="Set the cover's black text as device-cmyk(0 0 0 1), then rebuild the cover."),
    Code("C-005", "safe area",
         "Text at least 0.25 in inside the trim and the spine's folds (KDP asks 0.125 in).",
         fix="Shorten the cover's text (title, description) so it stays inside the safe area, "
             "then rebuild the cover."),
    Code("C-006", "barcode area",
         "The 2 x 1.2 in area at the lower right of the back: on a book without a print ISBN, "
         "where KDP prints the barcode in a white box, it holds no text and nothing drawn; on "
         "a book with one, it is the cover's own barcode, black on a white box filling the "
         "area, its text the ISBN and the digits of the bars and the add-on, nothing else.",
         fix="Shorten the description, or move what is drawn there, so the barcode area holds "
             "the barcode alone (or nothing, without a print ISBN); then rebuild the cover."),
    Code("C-007", "spine text",
         "Spine text only on a book of 80 pages or more (KDP), with 0.0625 in of clear field "
         "between its ink and each fold.",
         fix="Rebuild the cover with the interior beside it: the build sets spine text from 80 "
             "pages only."),
    Code("C-008", "one sheet",
         "A cover wrap is one page: back, spine and front side by side.",
         fix="Rebuild the cover with `publish build cover`, which makes one sheet."),
    Code("C-009", "front artwork",
         "The book's cover-image is printed on the front when it covers the front panel and its "
         "bleed (0.125 in on the three outer edges) at 300 ppi, and filling the panel cuts at "
         "most 5 % of its width or height; otherwise the typographic front is printed, and "
         "this warning says how many pixels the picture needs.",
         fix="Give a cover-image of at least the pixels named (300 ppi over the front and its "
             "bleed), of the front's proportions, or an SVG; then rebuild the cover."),
    Code("C-010", "publisher's wrap size",
         "A print-cover is the wrap the interior's page count calls for, within 1/32 in (KDP's "
         "tolerance): a PDF by its TrimBox (else its MediaBox less 0.125 in bleed all round), "
         "a picture by its proportions and by 300 ppi over the sheet with its bleed.",
         fix="Make the wrap again at the size the report gives (the spine changes with the "
             "page count and the paper: `--paper`), or rebuild the interior it was made for."),
    Code("C-011", "ink in pictures",
         "No picture on the cover asks for more than 240 % ink (IngramSpark's cover limit) "
         "anywhere, as its CMYK samples say averaged over 4 x 4 pixels; a picture in RGB has "
         "no inks to read (and fails P-004).",
         fix="Lighten the darkest areas of the picture (or convert it with a profile that holds "
             "total ink at 240 %), give it in CMYK, then rebuild the cover."),
    Code("E-001", "built",
         "The edition is in build/: `publish check` compares the editions the build made.",
         fix="Run `publish build` (naming the edition, for an extra one) before `publish check`."),
    Code("E-002", "text",
         "The edition carries the manuscript's words, in order; the report names the first "
         "word where it parts from them.",
         fix="Rebuild (`publish build`) if the manuscript changed since the build; if the "
             "difference stays, the edition's renderer changed the text at the place named: "
             "report it with the words shown."),
    Code("E-003", "notes' text",
         "The edition's notes carry the words of the manuscript's notes, in order.",
         fix="Rebuild if the notes changed since the build; if the difference stays, the edition "
             "lost or changed a note's words at the place named: report it."),
    Code("E-004", "notes",
         "The edition has as many notes as the manuscript.",
         fix="Rebuild if notes were added or removed since the build; if the count stays wrong, "
             "the edition lost a note (the report names the first one missing): report it."),
    Code("E-005", "headings",
         "The manuscript's headings are in the edition, in order, and no others.",
         fix="Rebuild if the headings changed since the build; a heading missing from one "
             "edition only is a fault of its renderer: report it."),
    Code("E-006", "metadata",
         "The edition's metadata (title, creators, language, identifier, dates, rights) is the "
         "manuscript's; each edition names its own identifier.",
         fix="Correct the field in metadata.yaml if the manuscript is wrong, then rebuild; an "
             "edition that says otherwise than a fresh build is stale or was edited by hand."),
    Code("E-007", "metadata present",
         "The edition says every metadata field the manuscript has.",
         fix="Rebuild the edition (`publish build`): a fresh build says every field the metadata "
             "has."),
    Code("F-001", "built",
         "The EPUB and the print PDF are in build/: their page numbers are compared.",
         fix="Build the EPUB and the print PDF together: `publish build` (or `publish build epub "
             "pdf`)."),
    Code("F-002", "markers",
         "Each print page marker in the EPUB (and in the text edition built with "
         "--page-markers) is followed by the first words of the PDF page printing its number.",
         fix="Build the EPUB (and the text edition) with the print PDF in one `publish build`, "
             "at the same trim: their page numbers come from that PDF's layout."),
    Code("F-003", "page list",
         "The EPUB's page list leads to every page marker, in order, by the marker's number.",
         fix="Rebuild the EPUB (`publish build epub`): its page list is made from its markers."),
    Code("K-001", "Kobo spans",
         "Every piece of the kepub's text is in a <span class=\"koboSpan\" id=\"kobo.N.M\">, "
         "each id once in its document: Kobo's engine places highlights, bookmarks and the "
         "reading position it syncs by them, and loses them on text outside.",
         fix="Rebuild the kepub (`publish build kepub`); a kepub edited by hand or by another "
             "program must be made again from the EPUB."),
    Code("K-002", "Kobo wrappers",
         "Each document's body holds its content in div#book-columns > div#book-inner, where "
         "Kobo's engine applies its pagination.",
         fix="Rebuild the kepub (`publish build kepub`)."),
    Code("A-001", "Apple Books version",
         "The package declares the ibooks: prefix as Apple's vocabulary and gives one "
         "ibooks:version of numbers and dots: Apple Books takes a book's update by a higher "
         "version (the build's is the text's modification date, year.month.day).",
         fix="Rebuild the EPUB; to publish an update, date it later (metadata `modified`, or "
             "SOURCE_DATE_EPOCH)."),
    Code("A-002", "Apple Books fonts",
         "An EPUB that embeds fonts carries META-INF/com.apple.ibooks.display-options.xml with "
         "specified-fonts true: without it Apple Books shows its own fonts instead.",
         fix="Rebuild the EPUB (`publish build epub`), which writes the file."),
    Code("W-001", "accessibility claim backed by evidence",
         "An EPUB that states a conformance claim (dcterms:conformsTo) has beside it the "
         "evidence the build gathered (build/<slug>-accessibility.json): EPUBCheck and Ace "
         "found nothing, every image is described, the page list reaches every marker, and "
         "the claimed EPUB is the very file in build/ (its sha256).",
         fix="Rebuild the EPUB (`publish build epub`): the build certifies it again. An EPUB "
             "changed after the build must not keep a claim its evidence no longer backs."),
    Code("W-002", "accessibility claim made",
         "metadata.yaml asks for a conformance claim (accessibility: claim: yes), and the "
         "build made it: where a check of the evidence failed, the EPUB went out without one.",
         fix="Read build/<slug>-accessibility.html: it names each check that failed and where; "
             "mend the manuscript (an image without alt text, say) and rebuild."),
    Code("B-001", "store cover",
         "The cover the stores show beside the e-book is a baseline JPEG in RGB, at least "
         "625 x 1,000 px and at most 10,000 px on a side (KDP's limits; Google Play and Kobo "
         "take the same file), best 1,600 x 2,560 px.",
         fix="Rebuild it (`publish build store-cover`); for a publisher's cover, give "
             "`cover-image` a PNG or JPEG of at least 1,600 x 2,560 px."),
    # publish lint: the manuscript, before anything is built.
    Code("N-001", "note defined twice",
         "Two footnotes have the same label; Markdown keeps one and drops the other's text. "
         "Give one another label.", "error", "Text.[^a]\n\n[^a]: One.\n\n[^a]: Two."),
    Code("N-002", "note cited, not defined",
         "A footnote reference has no note: it would print as [^label]. Add the note or "
         "remove the reference.", "error", "Heat.[^heat]"),
    Code("N-003", "note never cited",
         "A footnote no reference cites is printed in no edition. Cite it or remove it.",
         "warning", "Text.\n\n[^lost]: A note nobody cites."),
    Code("N-004", "note the print layout cannot set",
         "The print edition sets every note at the foot of the page that calls it, splits a "
         "long one between pages, and proves each page before anything is written. A note "
         "it still cannot begin on its call's page (or whose notes would run out of the "
         "text area) stops the build at the note: shorten it, or cite it earlier in its "
         "paragraph. A note of a few lines should never do this: report it.", "error"),
    Code("S-001", "heading level skipped",
         "A heading two or more levels below the one before it leaves a hole in the contents "
         "and the EPUB's outline (and fails accessibility checks).", "warning",
         "# Chapter\n\n### Section"),
    Code("S-002", "heading with no words",
         "A # with nothing after it makes an empty heading, which no contents can list and "
         "EPUBCheck rejects. Write the title, or remove the line.", "error", "Text.\n\n#"),
    Code("S-003", "list indented as code",
         "Items indented by a tab (a word processor's list) after a blank line are read as "
         "code: they print as typed, in a fixed-width face. Take the tab off each item; fence "
         "real code with ```.", "warning", "Steps:\n\n\t- mix\n\t- bake"),
    Code("S-004", "list run into a paragraph",
         "Items with no blank line before them, or numbered 1) 2), are read as one paragraph. "
         "Put a blank line before the list, and number it 1. 2.", "warning",
         "In order:\n1) organise;\n2) open."),
    Code("T-001", "table row with extra cells",
         "A row has more cells than the header row: Markdown drops the extra cells.", "error",
         "| a | b |\n|---|---|\n| 1 | 2 | 3 |"),
    Code("T-002", "table separator does not match",
         "The separator row (|---|---|) has another number of columns than the header, so "
         "Markdown sees no table and prints the rows as a paragraph of bars.", "error",
         "| a | b |\n|---|\n| 1 | 2 |"),
    Code("T-003", "text the print layout cannot set",
         "A table, an image or a line (of code, or one long word) that runs out of the print "
         "page's text area, into the margin or off the page (a table is first set in "
         "smaller type, down to 6.5 pt); or text the layout set on no page. Found by the "
         "build's proof of its pages: narrow the table or the image, "
         "shorten the line or break the long word; text on no page is a fault of the layout: "
         "report it.", "error"),
    Code("H-001", "Markdown inside raw HTML",
         "Inside a raw HTML block Markdown is not read: *emphasis*, [links](...) and note "
         "references print as typed, and a note cited there is lost. Write the block in "
         "Markdown, or add markdown=\"1\" to its tag.", "warning",
         "<div class=\"box\">\nA *boxed* word.[^box]\n</div>\n\n[^box]: A note."),
    Code("H-002", "raw-text element",
         "<title>, <xmp>, <noscript>, <plaintext> and their kind hold raw text, not markup: a "
         "browser or e-reader hides what follows them. Remove it, or show it as code.",
         "error", "Before <title>x</title> after."),
    Code("H-003", "comment never closed",
         "An HTML comment (<!--) without its --> hides the rest of the file in an e-reader, "
         "and one inside a paragraph that closes in another prints as text.", "error",
         "Before <!-- a note to self\n\nThe rest."),
    Code("X-001", "control character",
         "A control character (a bell, a vertical tab, a form feed) is no text a reader sees, "
         "and XML, so EPUB, cannot hold it. Remove it.", "error", "A bell\u0007 rings."),
    Code("X-002", "reference to no character",
         "A numeric character reference to a control character, a surrogate or beyond Unicode "
         "(&#1;, &#xD800;) names no character a book can hold. Remove it.", "error",
         "A &#1; here."),
    Code("H-004", "HTML that could run code",
         "Scripts, frames, forms, embedded media, styles, event handlers (onclick=) and "
         "script: URLs: no edition carries them, and a build never runs or fetches anything.",
         "error", "<script>alert(1)</script>"),
    Code("X-004", "soft hyphen",
         "An invisible soft hyphen (U+00AD), pasted from a word processor, breaks a word where "
         "its line once ended. Remove it: the print edition hyphenates by the language's rules. "
         "Where a break is meant, write &shy;, which the source shows.", "warning",
         "A long wo\u00adrd."),
    Code("X-005", "zero-width space",
         "An invisible zero-width space (U+200B, or a byte-order mark inside the text) splits "
         "a word for search and spelling. Remove it; in a script that marks where words part "
         "with it (Thai, Khmer), write &#8203;.", "warning", "A split\u200bword."),
    Code("X-006", "run of no-break spaces",
         "Two or more spaces in a row, no-break ones among them (a word processor's indent or "
         "spacing), print as a wide hole. Write one space; one no-break space (« oui », 15 %) "
         "is no finding.", "warning", "\u00a0\u00a0\u00a0\u00a0An indented paragraph."),
    Code("X-003", "not UTF-8 text",
         "A chapter or metadata file that is not UTF-8 text (or holds a NUL byte: a binary "
         "file). Save it as UTF-8.", "error"),
    Code("R-001", "runaway input",
         "A file over 16 MB, a paragraph over 100,000 characters, blocks nested deeper "
         "than 16 levels (64 in raw HTML), or inline markup (emphasis, brackets) nested too "
         "deeply for the Markdown parser: more than any book needs, and more than a layout "
         "can take. Split or flatten it.", "error", "> > > > > > > > > > > > > > > > > > deep"),
    Code("L-001", "link to nowhere",
         "A link to a file that is not a chapter of the manuscript, to an anchor no heading "
         "has, or in a scheme an edition cannot carry (file:, ftp:): point it at a chapter, a "
         "heading's id, or an http:, https: or mailto: address.", "error",
         "Read [this](other.md)."),
    Code("L-002", "outside the project",
         "A link or image that leads outside the project (../../..., or a symlink): a build "
         "reads nothing outside it.", "error", "![a secret](../../../../outside.png)"),
    Code("L-003", "id given twice",
         "Two headings given the same id ({#id}): a link to it could lead to either. Give "
         "one of them another id.", "error"),
    Code("I-001", "image unusable",
         "An image that is missing, at a URL (a build never fetches), not PNG, JPEG, GIF or "
         "SVG, not what its name says, damaged, over 60 megapixels, or an SVG that pulls in "
         "or runs something.", "error", "![a map](../images/missing.png)"),
    Code("G-001", "character no typeface has",
         "A character no face of the font chain has would print as a box: write it another "
         "way, or build with --missing-glyphs warn. Found when the build chooses the faces.",
         "error"),
    Code("M-001", "metadata field",
         "A metadata field (in metadata.yaml or a chapter's opening block) missing, empty, "
         "of the wrong kind, or set twice differently: each problem at its line, all at once.",
         "error"),
    Code("M-002", "front matter",
         "A chapter's opening block: never closed with --- or ..., an unknown role, an empty "
         "running-head, a lint-allow that names no code.", "error"),
    Code("M-003", "YAML syntax",
         "Metadata that is not YAML, or not a mapping of fields: reported at the line where "
         "the broken construct (an unclosed [ or quote) began.", "error"),
    Code("M-004", "no manuscript",
         "No manuscript/chapters/, no chapter with text, or no metadata (metadata.yaml, or a "
         "YAML block opening the first chapter).", "error"),
    Code("D-001", "paragraph split at a page break",
         "A paragraph ends without a full stop (or other closing mark) and the next begins in "
         "lower case: a sentence cut in two where a page ended in the source. Join them.",
         "warning", "the government decided to give up partial\n\nconfrontations and ..."),
    Code("D-002", "hyphen for a dash",
         "A hyphen with a space on one side or both (` -word`, `word- word`, `a - b`) stands "
         "where a dash was meant; write -- (a spaced en dash) or ---.", "warning",
         "This trial of strength -prepared for by"),
    Code("D-003", "unbalanced quotation marks",
         "A paragraph opens more quotations than it closes (or, with double marks, closes "
         "more than it opens). Close the quotation where it ends.", "warning",
         "to give up using 'legal tricks of every kind, in favour of using arms."),
    Code("D-004", "straight and curly quotation marks mixed",
         "The book types quotation marks curly (‘ ’ “ ”) and writes them straight (' \") too. "
         "Write them one way (straight: the build sets them for every edition; the finding "
         "says in which marks). A book that writes them all straight is no mixture, whatever "
         "marks its language sets (« », „ “).", "warning",
         "‘peaceful road’ and 'democratic' institutions"),
    Code("D-005", "stray quotation mark in a heading",
         "A heading holds a quotation mark that opens or closes nothing.", "warning",
         "# The Programme of the Unidad Popular’ and the Dynamic"),
    Code("D-006", "placeholder link",
         "A link leads nowhere: (#), an empty target. Give its address or keep the words "
         "without the link.", "warning", "Below is [an article](#) from Chile."),
    Code("D-007", "word repeated",
         "The same word twice in a row (the the).", "warning", "It was the the end."),
    Code("D-008", "punctuation repeated",
         "A mark doubled (,, ;; :: ..) where one was meant.", "warning", "Then,, he left.."),
    Code("D-009", "word spelled two ways",
         "The book spells one word two ways, letters swapped (industriales, industrielas): "
         "the word list of the language they stand in lacks one of them (or, without a word "
         "list, they differ as the language's spellings are known to: theatre, theater). Two "
         "words of the language (precios, preciso) are not reported. Keep the right one, or "
         "allow the other where the source has it.", "warning",
         "the cordones industriales ... the cordones industrielas"),
    Code("D-010", "web page furniture",
         "A line from the web page the text was taken from, not from the book: a copyright "
         "banner, a section label, a publication date, share or donate appeals.", "warning",
         "Copyright © Viewpoint - All rights reserved"),
)
CATALOGUE = {code.code: code for code in CODES}
