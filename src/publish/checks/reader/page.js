// The page the reading engine runs in: foliate-js's <foliate-view> (the engine of the Foliate
// e-reader) filling the window, with the publisher's styles only (no reader's theme), and
// what read.mjs asks of it, each a function on globalThis.engine that returns plain data.
// Geometry is in the window's pixels: the engine lays a section out in columns inside an
// iframe and scrolls them past a fixed text area, so "on screen" means inside that area.
import '/foliate/view.js'

const EPUB = 'http://www.idpf.org/2007/ops'
const SLACK = 1 // px: sub-pixel rounding, not overflow

const view = document.createElement('foliate-view')
view.style.cssText = 'display: block; width: 100vw; height: 100vh'
document.body.append(view)

// The promise of the engine's next move of the kinds awaited, set before each move: 'page' for
// a page turned, 'navigation' for a section opened or a link followed (a tap also focuses the
// link, and the engine then moves to show it, reason 'anchor': not the move awaited).
let relocation = null
const nextRelocation = (...reasons) => {
    relocation = new Promise(resolve => {
        const listener = ({ detail }) => {
            if (!reasons.includes(detail.reason)) return
            view.renderer.removeEventListener('relocate', listener)
            resolve()
        }
        view.renderer.addEventListener('relocate', listener)
    })
}

const frame = () => new Promise(resolve => requestAnimationFrame(resolve))

const current = () => view.renderer.getContents()[0]

// Fonts and pictures loaded, and the engine's columns laid out again for them (it re-lays
// them from a ResizeObserver, which runs before the next frame is drawn).
const settled = async () => {
    const { doc } = current()
    await doc.fonts.ready
    await Promise.all(Array.from(doc.images, image => image.decode().catch(() => null)))
    await frame()
    await frame()
}

const typesOf = element => (element.getAttributeNS(EPUB, 'type') ?? '').split(/\s+/)
    .filter(Boolean)

// The text area on screen: the engine's container round the iframe (in its closed shadow
// root, reached from the iframe itself).
const screenBox = doc => doc.defaultView.frameElement.parentElement.parentElement
    .getBoundingClientRect()

const inWindow = (doc, rect) => {
    const frame = doc.defaultView.frameElement.getBoundingClientRect()
    return { left: rect.left + frame.left, right: rect.right + frame.left,
        top: rect.top + frame.top, bottom: rect.bottom + frame.top,
        width: rect.width, height: rect.height }
}

const overlap = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
    * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top))

const onScreen = (rect, box) => rect.width > 0 && rect.height > 0 && overlap(rect, box) > 0

const box = rect => ({ x: Math.round(rect.left), y: Math.round(rect.top),
    width: Math.round(rect.right - rect.left), height: Math.round(rect.bottom - rect.top) })

const rectsOf = (doc, target) => Array.from(target.getClientRects(), r => inWindow(doc, r))

// The column of text on this screen: the body's fragment that lies in the text area.
const columnOf = (doc, screen) => rectsOf(doc, doc.body)
    .filter(rect => onScreen(rect, screen))
    .sort((a, b) => overlap(b, screen) - overlap(a, screen))[0] ?? screen

// The words a reader sees: text whose glyph boxes lie in the text area (text hidden by CSS
// has none). A text node cut by the screen's edge is taken word by word.
const visibleTexts = (doc, screen) => {
    const found = []
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT)
    const range = doc.createRange()
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.nodeValue.trim()) continue
        range.selectNodeContents(node)
        const rects = rectsOf(doc, range).filter(rect => rect.width > 0)
        const shown = rects.filter(rect => onScreen(rect, screen))
        if (!shown.length) continue
        if (shown.length === rects.length) {
            found.push({ node, text: node.nodeValue })
            continue
        }
        const words = []
        for (const match of node.nodeValue.matchAll(/\S+/g)) {
            range.setStart(node, match.index)
            range.setEnd(node, match.index + match[0].length)
            if (rectsOf(doc, range).some(rect => onScreen(rect, screen))) words.push(match[0])
        }
        if (words.length) found.push({ node, text: words.join(' ') })
    }
    return found
}

const clean = text => text.replace(/\s+/g, ' ').trim()

// A picture by its description, a table by its caption (the engine renames the files).
const nameOf = element => clean(element.getAttribute('alt') || element.id
    || element.querySelector('caption, title')?.textContent || '').slice(0, 60)

// Every picture and table on screen, each fragment against the column it stands in.
const boxesOn = (doc, screen, column) => {
    const found = []
    for (const element of doc.body.querySelectorAll('img, svg, table')) {
        if (element.localName === 'svg' && element.parentElement.closest('svg')) continue
        for (const rect of rectsOf(doc, element).filter(rect => onScreen(rect, screen))) {
            const fits = rect.left >= column.left - SLACK && rect.right <= column.right + SLACK
                && rect.top >= screen.top - SLACK && rect.bottom <= screen.bottom + SLACK
            found.push({ element: element.localName, name: nameOf(element),
                box: box(rect), column: box(column), fits })
        }
    }
    return found
}

// The lines of an element's text, each as one box: its text's boxes joined by line.
const linesOf = (doc, element) => {
    const range = doc.createRange()
    range.selectNodeContents(element)
    const lines = []
    for (const rect of rectsOf(doc, range).filter(rect => rect.width > 0)) {
        const line = lines.find(line => Math.abs(line.top - rect.top) < rect.height / 2)
        if (line) {
            line.left = Math.min(line.left, rect.left)
            line.right = Math.max(line.right, rect.right)
        } else lines.push({ ...rect })
    }
    return lines
}

// The title page's blocks: how each is aligned, by its style and by where its lines fall.
const titleBlocks = (doc, column) => {
    const page = doc.querySelector('.titlepage') ?? Array.from(doc.querySelectorAll('*'))
        .find(element => typesOf(element).includes('titlepage'))
    if (!page) return null
    const middle = (column.left + column.right) / 2
    return Array.from(page.children).filter(element => clean(element.textContent))
        .map(element => ({
            element: element.localName, class: element.className,
            text: clean(element.textContent),
            textAlign: doc.defaultView.getComputedStyle(element).textAlign,
            // each line's middle from the column's, as a share of the column's width
            offsets: linesOf(doc, element).map(line =>
                Math.round(((line.left + line.right) / 2 - middle) / column.width * 1000) / 1000),
        }))
}

const rubiesOn = (doc, screen) => Array.from(doc.querySelectorAll('ruby')).flatMap(ruby => {
    const rt = ruby.querySelector('rt')
    const rubyRects = rectsOf(doc, ruby).filter(rect => onScreen(rect, screen))
    if (!rubyRects.length) return []
    // the base: the ruby's text before its first reading or fallback parenthesis (<rp>)
    const base = doc.createRange()
    base.selectNodeContents(ruby)
    const first = ruby.querySelector('rt, rp')
    if (first) base.setEndBefore(first)
    const baseRect = rectsOf(doc, base).find(rect => rect.width > 0)
    const rtRect = rt ? rectsOf(doc, rt).find(rect => rect.width > 0) : null
    const style = element => doc.defaultView.getComputedStyle(element)
    return [{
        base: clean(base.toString()), annotation: rt ? clean(rt.textContent) : null,
        display: style(ruby).display, annotationDisplay: rt ? style(rt).display : null,
        // the reading stands over its base, in a smaller size, as one line with it
        above: Boolean(baseRect && rtRect && rtRect.bottom <= baseRect.top + SLACK * 2
            && rtRect.top < baseRect.top),
        sizeRatio: rt ? parseFloat(style(rt).fontSize) / parseFloat(style(ruby).fontSize) : null,
    }]
})

// What kind of text a text node is, for its size: verse (a .poem stanza, as this project and
// calibre's conversions mark it), a quotation, a note, a heading, the body's paragraphs.
const kindOf = node => {
    const element = node.parentElement
    if (element.closest('.poem')) return 'verse'
    if (element.closest('blockquote')) return 'quotation'
    if (element.closest('aside, .footnotes, nav')) return 'apparatus'
    if (element.closest('h1, h2, h3, h4, h5, h6, table, figure, .titlepage')) return 'display'
    if (element.closest('p, li')) return 'body'
    return 'other'
}

// The sizes of the text on screen: how many characters of each kind at each size (px).
const sizesOf = (doc, texts) => {
    const sizes = new Map()
    for (const { node, text } of texts) {
        const size = parseFloat(doc.defaultView.getComputedStyle(node.parentElement).fontSize)
        const key = `${kindOf(node)} ${Math.round(size * 100) / 100}`
        sizes.set(key, (sizes.get(key) ?? 0) + text.replace(/\s/g, '').length)
    }
    return Array.from(sizes, ([key, characters]) => {
        const [kind, size] = key.split(' ')
        return { kind, size: Number(size), characters }
    })
}

// What the reader sees on the current screen.
const screen = () => {
    const { doc, index } = current()
    const area = screenBox(doc)
    const column = columnOf(doc, area)
    const texts = visibleTexts(doc, area)
    const navs = Array.from(doc.querySelectorAll('nav')).map(nav => ({
        types: typesOf(nav),
        text: clean(texts.filter(({ node }) => nav.contains(node)).map(t => t.text).join(' ')),
    })).filter(nav => nav.text)
    const { renderer } = view
    return {
        index, section: view.book.sections[index].id,
        types: [...new Set([doc.body, ...doc.body.querySelectorAll('section, nav')]
            .flatMap(typesOf))],
        page: renderer.page, pages: renderer.pages - 2, // the engine pads each side by a page
        text: clean(texts.map(t => t.text).join(' ')),
        sizes: sizesOf(doc, texts),
        pictures: boxesOn(doc, area, column),
        navs,
        titlePage: typesOf(doc.body).includes('titlepage') || doc.querySelector('.titlepage')
            ? titleBlocks(doc, column) : null,
        rubies: rubiesOn(doc, area),
        noteCalls: Array.from(doc.querySelectorAll('a[href]'))
            .filter(a => typesOf(a).includes('noteref')
                || (a.getAttribute('role') ?? '').split(' ').includes('doc-noteref'))
            .filter(a => a.id && rectsOf(doc, a).some(rect => onScreen(rect, area)))
            .map(a => ({ id: a.id, href: a.getAttribute('href') })),
    }
}

// The centre of an element of the current section in the window, when it is on screen.
const pointOf = selector => {
    const { doc } = current()
    const element = doc.querySelector(selector)
    const area = screenBox(doc)
    const rect = element && rectsOf(doc, element).find(rect => onScreen(rect, area))
    return rect ? { x: (rect.left + rect.right) / 2, y: (rect.top + rect.bottom) / 2 } : null
}

globalThis.engine = {
    async open(url) {
        await view.open(url)
        view.renderer.setAttribute('flow', 'paginated')
        const { book } = view
        return { dir: book.dir ?? 'ltr', sections: book.sections.map(s => s.id),
            landmarks: (book.landmarks ?? []).map(({ type, href }) => ({ type, href })),
            toc: (book.toc ?? []).map(item => item.label) }
    },
    // Go to a section (by index) or a link's target, and see the screen it opens on.
    async goTo(target) {
        nextRelocation('navigation')
        await view.goTo(target)
        await relocation
        await settled()
        return screen()
    },
    // Turn the page: the next screen, or null at the end of the book.
    async next() {
        if (view.renderer.atEnd) return null
        const { index } = current()
        nextRelocation('page', 'navigation')
        await view.next()
        await relocation
        if (current().index !== index) await settled()
        return screen()
    },
    screen,
    // Whether an element of the current section is on screen.
    shows: selector => Boolean(pointOf(selector)),
    // Tap a link on screen and see where the engine goes; null when it is not on screen. The
    // tap is the link's click event: a mouse's press would also focus the link, and the
    // engine would then turn back to show the focused link, which no finger does.
    async tap(selector) {
        const link = pointOf(selector) && current().doc.querySelector(selector)
        if (!link) return null
        nextRelocation('navigation')
        link.click()
        await relocation
        await settled()
        return screen()
    },
}
document.documentElement.dataset.ready = 'yes'
