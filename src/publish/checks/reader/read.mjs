// Read EPUBs in a real reading engine, as a reader on a phone would, and say what each screen
// showed: foliate-js (the engine of the Foliate e-reader) in headless Chromium, driven by
// puppeteer-core. publish/epub_reading.py runs it; it prints a JSON list on stdout, one
// report per book, in the order given.
//
//   node read.mjs BOOK.epub... --modules DIR --chromium PATH [--width 390] [--height 844]
//                 [--screenshots DIR] [--timeout SECONDS]
//
// For each book, in a fresh page of one browser: it pages through every screen from the
// first, then opens a note from its call and comes back by the note's back-link, and, with
// --screenshots, saves the title page, the contents, the first chapter's opening and the
// opened note as DIR/<the book's number>-<name>.png. A book not read in --timeout seconds
// stops the run. The books, the engine and the page are served from 127.0.0.1 only, on a
// port of the system's choosing; nothing else is fetched.
//
// A book's report: dir, sections (the spine's files), landmarks, toc (the contents' labels);
// screens, one per screen in reading order, each with its section, page and pages (within
// the section), types (the epub:type values of its document), text (the words on screen),
// sizes (characters of each kind of text at each size), pictures (each img, svg and table on
// screen: its box, its column's box, whether it fits), navs (each navigation list with words
// on screen), titlePage (the title page's blocks: text-align and each line's offset from the
// column's middle), rubies (base, reading, whether the reading stands above its base, its
// size) and noteCalls; note (the note opened: opened, returned); screenshots (name -> PNG
// path); errors (the page's uncaught errors).
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values: options, positionals: books } = parseArgs({
    allowPositionals: true,
    options: {
        modules: { type: 'string' }, chromium: { type: 'string' },
        width: { type: 'string', default: '390' }, height: { type: 'string', default: '844' },
        screenshots: { type: 'string' }, timeout: { type: 'string', default: '120' },
    },
})

const here = dirname(fileURLToPath(import.meta.url))
const engineRoot = join(options.modules, 'foliate-js')
const puppeteer = createRequire(join(options.modules, 'noop.js'))('puppeteer-core')

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript',
    '.epub': 'application/epub+zip' }

// The page, the engine's modules and the books (/books/N.epub); any other path is not found.
const fileOf = url => {
    const path = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname)
    if (path === '/') return join(here, 'page.html')
    if (path === '/page.js') return join(here, 'page.js')
    if (/^\/books\/\d+\.epub$/.test(path)) return books[parseInt(path.slice(7))] ?? null
    if (!path.startsWith('/foliate/')) return null
    const inside = normalize(path.slice('/foliate/'.length))
    return inside.startsWith('..') ? null : join(engineRoot, inside)
}

const serve = () => createServer(async (request, response) => {
    try {
        const file = fileOf(request.url)
        const body = await readFile(file ?? '')
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        response.end(body)
    } catch {
        response.writeHead(404).end()
    }
})

// The screens worth a picture: the first of the title page, of the contents and of the
// first chapter (the landmark of the body's start, else the first chapter).
const landmarkOf = (opened, type) => opened.landmarks
    .find(landmark => landmark.type?.includes(type))?.href

const read = async (page, number, shots) => {
    const opened = await page.evaluate(url => engine.open(url), `/books/${number}.epub`)
    const screens = []
    let screen = await page.evaluate(() => engine.goTo(0))
    while (screen) {
        screens.push(screen)
        screen = await page.evaluate(() => engine.next())
    }
    const firstOf = test => screens.find(test)
    const chapter = landmarkOf(opened, 'bodymatter')
    const targets = {
        titlepage: firstOf(s => s.types.includes('titlepage')),
        contents: firstOf(s => s.types.includes('toc')),
        chapter: chapter ? { section: chapter.split('#')[0] }
            : firstOf(s => s.types.includes('chapter')),
    }
    const pictures = {}
    if (shots) for (const [name, target] of Object.entries(targets)) {
        if (!target) continue
        await page.evaluate(section => engine.goTo(section), target.section)
        pictures[name] = await picture(page, join(shots, `${number}-${name}.png`))
    }
    const note = await followNote(page, screens, shots && join(shots, `${number}-note.png`),
        pictures)
    return { ...opened, screens, note, screenshots: pictures }
}

const picture = async (page, path) => {
    await page.screenshot({ path })
    return path
}

// A note as a reader opens one: a call whose note is on another screen (else the first
// call), tapped; the engine should show the note; the note's back-link, tapped, should bring
// the call back on screen.
const followNote = async (page, screens, shot, pictures) => {
    const tap = selector => page.evaluate(selector => engine.tap(selector), selector)
    const shows = selector => page.evaluate(selector => engine.shows(selector), selector)
    const byId = name => `[id="${name}"]`
    const calls = screens.flatMap(screen => screen.noteCalls.map(call =>
        ({ ...call, section: screen.section })))
    if (!calls.length) return null
    let chosen = calls[0]
    for (const call of calls.slice(0, 8)) {
        await page.evaluate(target => engine.goTo(target), `${call.section}#${call.id}`)
        if (!await shows(byId(call.href.split('#')[1]))) {
            chosen = call
            break
        }
    }
    const { id, href, section } = chosen
    const note = href.split('#')[1]
    await page.evaluate(target => engine.goTo(target), `${section}#${id}`)
    const opened = await tap(byId(id))
    const noteOnScreen = opened && await shows(byId(note))
    if (noteOnScreen && shot) pictures.note = await picture(page, shot)
    // the note's own way back: its back-link, else any link in it to the call
    const backlink = `${byId(note)} a[role~="doc-backlink"], ${byId(note)} a[href$="#${id}"]`
    const back = noteOnScreen ? await tap(backlink) : null
    return { section, call: id, note, opened: Boolean(noteOnScreen), noteText: opened?.text ?? '',
        returned: Boolean(back && await shows(byId(id))), returnedTo: back?.text ?? '' }
}

const main = async () => {
    const server = serve()
    await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
    const browser = await puppeteer.launch({
        executablePath: options.chromium, headless: true,
        // root in a container has no user namespace for Chromium's sandbox
        args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
        defaultViewport: { width: Number(options.width), height: Number(options.height),
            deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    })
    try {
        const reports = []
        for (const [number, book] of books.entries()) {
            const timer = setTimeout(() => {
                console.error(`read.mjs: gave up after ${options.timeout} s reading ${book}`)
                process.exit(3)
            }, Number(options.timeout) * 1000)
            const page = await browser.newPage()
            const errors = []
            page.on('pageerror', error => errors.push(String(error)))
            await page.goto(`http://127.0.0.1:${server.address().port}/`)
            await page.waitForSelector('html[data-ready]')
            reports.push({ ...await read(page, number, options.screenshots), errors })
            await page.close()
            clearTimeout(timer)
        }
        process.stdout.write(JSON.stringify(reports))
    } finally {
        await browser.close()
        server.close()
    }
}

main().catch(error => {
    console.error(`read.mjs: ${error.stack ?? error}`)
    process.exit(1)
})
