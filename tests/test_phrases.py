"""The words the build adds, in each language of phrases.toml, against sentences written out
in full: the copyright page's lines (a year alone and a full date take their own prepositions,
no full stop doubled, each edition's ISBN named in the language), the text edition's header
and its mark for a picture, the EPUB's accessibility summary and landmarks.

The expected sentences are the ones a reader of the language writes. They were written for
this test by the project's developers, not yet read by a native speaker (docs/languages.md says so):
where a language's sentence changes, say why in the commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import PIL.Image
import pytest
from lxml import etree

from publish.book.imprint import imprint
from publish.book.model import Book
from publish.book.phrases import COUNT_VARIANTS, DATE_VARIANTS, phrases_of, tables
from publish.editions.epub.accessibility import AccessibilityFacts, accessibility_summary
from publish.editions.text.destinations import LEADS_TO
from publish.editions.text.document import header
from publish.editions.text.inline import inline_element
from publish.errors import PublishError
from publish.layout.page_references import mark_page_references
from publish.source.metadata import Creator, Identifier, Metadata

SOURCE = "International, Volume Two, Summer 1953."  # ends with a full stop of its own
PUBLISHER = "Tollgate Press"
PRINT_ISBN, EPUB_ISBN = "978-84-09-51234-8", "978-84-09-51235-5"
BOOK = Metadata(
    title="T", subtitle=None, creators=(Creator("Ana Pérez", "aut", "Pérez, Ana"),),
    contributors=(), publisher=None, lang="en-GB", date=None, republished=None,
    modified=dt.datetime(2025, 3, 3, tzinfo=dt.UTC), source=None, source_url=None,
    rights=None, description=None, subjects=(), cover_image=None, trim=None,
    identifiers=(Identifier("isbn", PRINT_ISBN, "print"), Identifier("isbn", EPUB_ISBN, "epub"),
                 Identifier("uuid", "30b70b16-d5ff-56eb-bd23-311b2a6fdafe")))
# Each case's metadata, and the line of the copyright page it makes.
CASES = {
    "first-published": {"source": SOURCE},
    "republished by, a year": {"republished": "2025", "publisher": PUBLISHER},
    "republished by, a day": {"republished": "2025-03-03", "publisher": PUBLISHER},
    "republished, a month": {"republished": "2025-03"},
    "republished, the first of a month": {"republished": "2025-03-01"},
    "published, a year": {"date": "1953"},
    "published, a day": {"date": "2025-03-08"},
    "published by, a year": {"date": "1953", "publisher": PUBLISHER},
}
HEADER_BOOK = {"source": SOURCE, "republished": "2025", "publisher": PUBLISHER,
               "date": "1953", "rights": "CC0 1.0"}

# lang -> the copyright page's lines (CASES, then the two ISBNs), the text header's labelled
# lines for HEADER_BOOK, a picture's marks (described "Tollgate", and not), the accessibility
# summary of a book of notes, print pages and no pictures, its sentence on pictures (1 of 1
# described, 3 of 3, 1 of 3 not, 2 of 3 not), the landmarks (cover, title page, contents,
# the landmarks' own title).
EXPECTED: dict[str, dict[str, tuple[str, ...]]] = {
    "en-GB": {
        "imprint": (
            "First published in International, Volume Two, Summer 1953.",
            "Republished by Tollgate Press in 2025.",
            "Republished by Tollgate Press on 3 March 2025.",
            "Republished in March 2025.",
            "Republished on 1 March 2025.",
            "Published 1953.",
            "Published 8 March 2025.",
            "Published by Tollgate Press, 1953.",
            "ISBN 978-84-09-51234-8 (paperback)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "Source: International, Volume Two, Summer 1953.",
            "Republished: 2025 by Tollgate Press",
            "Rights: CC0 1.0",
            "ISBN (paperback): 978-84-09-51234-8",
            "ISBN (EPUB): 978-84-09-51235-5",
            "Language: en-GB",
            "Date: 1953",
            "Edition: Plain-text edition",
            "Encoding: UTF-8"),
        "illustration": ("[Illustration: Tollgate]", "[Illustration]"),
        "summary": (
            "This publication has a table of contents, structured headings and a logical "
            "reading order, and its text can be restyled and enlarged by the reader. It "
            "contains no images. Footnotes are linked to and from the text. The page numbers "
            "of the print edition are marked in the text and listed for navigation. No "
            "hazards are known.",),
        "images": (
            "Its one image has a text description.",
            "Each of its 3 images has a text description.",
            "1 of its 3 images has no text description.",
            "2 of its 3 images have no text description."),
        "landmarks": ("Cover", "Title page", "Contents", "Landmarks"),
    },
    "fr": {
        "imprint": (
            "Première publication\u202f: International, Volume Two, Summer 1953.",
            "Republié par Tollgate Press en 2025.",
            "Republié par Tollgate Press le 3 mars 2025.",
            "Republié en mars 2025.",
            "Republié le 1er mars 2025.",
            "Publié en 1953.",
            "Publié le 8 mars 2025.",
            "Publié par Tollgate Press, 1953.",
            "ISBN 978-84-09-51234-8 (broché)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "Source\u202f: International, Volume Two, Summer 1953.",
            "Republication\u202f: Tollgate Press, 2025",
            "Droits\u202f: CC0 1.0",
            "ISBN (broché)\u202f: 978-84-09-51234-8",
            "ISBN (EPUB)\u202f: 978-84-09-51235-5",
            "Langue\u202f: fr",
            "Date\u202f: 1953",
            "Édition\u202f: Édition en texte brut",
            "Encodage\u202f: UTF-8"),
        "illustration": ("[Illustration\u202f: Tollgate]", "[Illustration]"),
        "summary": (
            "Cette publication comporte une table des matières, des titres structurés et un "
            "ordre de lecture logique\u202f; le lecteur peut en modifier la présentation et "
            "agrandir le texte. Elle ne contient aucune image. Les notes renvoient au texte, "
            "et le texte aux notes. Les numéros de page de l’édition imprimée sont indiqués "
            "dans le texte et répertoriés pour la navigation. Aucun risque n’est connu.",),
        "images": (
            "Son unique image est accompagnée d’une description textuelle.",
            "Chacune de ses 3 images est accompagnée d’une description textuelle.",
            "1 de ses 3 images n’a pas de description textuelle.",
            "2 de ses 3 images n’ont pas de description textuelle."),
        "landmarks": ("Couverture", "Page de titre", "Table des matières", "Repères"),
    },
    "de": {
        "imprint": (
            "Erstveröffentlichung: International, Volume Two, Summer 1953.",
            "Neu veröffentlicht 2025 von Tollgate Press.",
            "Neu veröffentlicht von Tollgate Press am 3. März 2025.",
            "Neu veröffentlicht im März 2025.",
            "Neu veröffentlicht am 1. März 2025.",
            "Veröffentlicht 1953.",
            "Veröffentlicht am 8. März 2025.",
            "Veröffentlicht von Tollgate Press, 1953.",
            "ISBN 978-84-09-51234-8 (Taschenbuch)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "Quelle: International, Volume Two, Summer 1953.",
            "Neuveröffentlichung: Tollgate Press, 2025",
            "Rechte: CC0 1.0",
            "ISBN (Taschenbuch): 978-84-09-51234-8",
            "ISBN (EPUB): 978-84-09-51235-5",
            "Sprache: de",
            "Datum: 1953",
            "Ausgabe: Textausgabe",
            "Zeichenkodierung: UTF-8"),
        "illustration": ("[Abbildung: Tollgate]", "[Abbildung]"),
        "summary": (
            "Diese Publikation hat ein Inhaltsverzeichnis, gegliederte Überschriften und eine "
            "logische Lesereihenfolge; ihr Text lässt sich vom Leser umgestalten und "
            "vergrößern. Sie enthält keine Bilder. Die Anmerkungen sind mit dem Text in beide "
            "Richtungen verlinkt. Die Seitenzahlen der Druckausgabe sind im Text markiert und "
            "zur Navigation aufgelistet. Es sind keine Gefährdungen bekannt.",),
        "images": (
            "Ihr einziges Bild hat eine Textbeschreibung.",
            "Jedes ihrer 3 Bilder hat eine Textbeschreibung.",
            "1 ihrer 3 Bilder hat keine Textbeschreibung.",
            "2 ihrer 3 Bilder haben keine Textbeschreibung."),
        "landmarks": ("Umschlag", "Titelseite", "Inhalt", "Orientierungspunkte"),
    },
    "es": {
        "imprint": (
            "Publicado por primera vez en International, Volume Two, Summer 1953.",
            "Reeditado por Tollgate Press en 2025.",
            "Reeditado por Tollgate Press el 3 de marzo de 2025.",
            "Reeditado en marzo de 2025.",
            "Reeditado el 1 de marzo de 2025.",
            "Publicado en 1953.",
            "Publicado el 8 de marzo de 2025.",
            "Publicado por Tollgate Press, 1953.",
            "ISBN 978-84-09-51234-8 (rústica)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "Fuente: International, Volume Two, Summer 1953.",
            "Reedición: Tollgate Press, 2025",
            "Derechos: CC0 1.0",
            "ISBN (rústica): 978-84-09-51234-8",
            "ISBN (EPUB): 978-84-09-51235-5",
            "Idioma: es",
            "Fecha: 1953",
            "Edición: Edición en texto plano",
            "Codificación: UTF-8"),
        "illustration": ("[Ilustración: Tollgate]", "[Ilustración]"),
        "summary": (
            "Esta publicación tiene un índice, encabezados estructurados y un orden de lectura "
            "lógico, y el lector puede cambiar el estilo del texto y ampliarlo. No contiene "
            "imágenes. Las notas están enlazadas con el texto en ambos sentidos. Los números de "
            "página de la edición impresa están marcados en el texto y listados para la "
            "navegación. No se conocen riesgos.",),
        "images": (
            "Su única imagen tiene una descripción textual.",
            "Cada una de sus 3 imágenes tiene una descripción textual.",
            "1 de sus 3 imágenes no tiene descripción textual.",
            "2 de sus 3 imágenes no tienen descripción textual."),
        "landmarks": ("Cubierta", "Portada", "Índice", "Puntos de referencia"),
    },
    "it": {
        "imprint": (
            "Prima pubblicazione: International, Volume Two, Summer 1953.",
            "Ripubblicato da Tollgate Press nel 2025.",
            "Ripubblicato da Tollgate Press il 3 marzo 2025.",
            "Ripubblicato nel marzo 2025.",
            "Ripubblicato il 1º marzo 2025.",
            "Pubblicato nel 1953.",
            "Pubblicato l’8 marzo 2025.",
            "Pubblicato da Tollgate Press, 1953.",
            "ISBN 978-84-09-51234-8 (brossura)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "Fonte: International, Volume Two, Summer 1953.",
            "Ripubblicazione: Tollgate Press, 2025",
            "Diritti: CC0 1.0",
            "ISBN (brossura): 978-84-09-51234-8",
            "ISBN (EPUB): 978-84-09-51235-5",
            "Lingua: it",
            "Data: 1953",
            "Edizione: Edizione in testo semplice",
            "Codifica: UTF-8"),
        "illustration": ("[Illustrazione: Tollgate]", "[Illustrazione]"),
        "summary": (
            "Questa pubblicazione ha un indice, titoli strutturati e un ordine di lettura "
            "logico, e il lettore può modificare l’aspetto del testo e ingrandirlo. Non "
            "contiene immagini. Le note sono collegate al testo, e il testo alle note. I numeri "
            "di pagina dell’edizione a stampa sono segnati nel testo ed elencati per la "
            "navigazione. Non sono noti rischi.",),
        "images": (
            "La sua unica immagine ha una descrizione testuale.",
            "Ciascuna delle sue 3 immagini ha una descrizione testuale.",
            "1 delle sue 3 immagini non ha una descrizione testuale.",
            "2 delle sue 3 immagini non hanno una descrizione testuale."),
        "landmarks": ("Copertina", "Frontespizio", "Indice", "Punti di riferimento"),
    },
    "pt": {
        "imprint": (
            "Publicado pela primeira vez em International, Volume Two, Summer 1953.",
            "Republicado por Tollgate Press em 2025.",
            "Republicado por Tollgate Press em 3 de março de 2025.",
            "Republicado em março de 2025.",
            "Republicado em 1º de março de 2025.",
            "Publicado em 1953.",
            "Publicado em 8 de março de 2025.",
            "Publicado por Tollgate Press, 1953.",
            "ISBN 978-84-09-51234-8 (brochura)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "Fonte: International, Volume Two, Summer 1953.",
            "Republicação: Tollgate Press, 2025",
            "Direitos: CC0 1.0",
            "ISBN (brochura): 978-84-09-51234-8",
            "ISBN (EPUB): 978-84-09-51235-5",
            "Idioma: pt",
            "Data: 1953",
            "Edição: Edição em texto simples",
            "Codificação: UTF-8"),
        "illustration": ("[Ilustração: Tollgate]", "[Ilustração]"),
        "summary": (
            "Esta publicação tem um sumário, títulos estruturados e uma ordem de leitura lógica, "
            "e o leitor pode alterar o estilo do texto e ampliá-lo. Não contém imagens. As notas "
            "estão ligadas ao texto, e o texto às notas. Os números de página da edição impressa "
            "estão marcados no texto e listados para a navegação. Não são conhecidos riscos.",),
        "images": (
            "A sua única imagem tem uma descrição em texto.",
            "Cada uma das suas 3 imagens tem uma descrição em texto.",
            "1 das suas 3 imagens não tem descrição em texto.",
            "2 das suas 3 imagens não têm descrição em texto."),
        "landmarks": ("Capa", "Folha de rosto", "Sumário", "Marcos"),
    },
    "nl": {
        "imprint": (
            "Eerst verschenen in International, Volume Two, Summer 1953.",
            "Opnieuw uitgegeven door Tollgate Press in 2025.",
            "Opnieuw uitgegeven door Tollgate Press op 3 maart 2025.",
            "Opnieuw uitgegeven in maart 2025.",
            "Opnieuw uitgegeven op 1 maart 2025.",
            "Verschenen in 1953.",
            "Verschenen op 8 maart 2025.",
            "Uitgegeven door Tollgate Press, 1953.",
            "ISBN 978-84-09-51234-8 (paperback)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "Bron: International, Volume Two, Summer 1953.",
            "Heruitgave: Tollgate Press, 2025",
            "Rechten: CC0 1.0",
            "ISBN (paperback): 978-84-09-51234-8",
            "ISBN (EPUB): 978-84-09-51235-5",
            "Taal: nl",
            "Datum: 1953",
            "Uitgave: Tekstuitgave",
            "Codering: UTF-8"),
        "illustration": ("[Illustratie: Tollgate]", "[Illustratie]"),
        "summary": (
            "Deze publicatie heeft een inhoudsopgave, gestructureerde koppen en een logische "
            "leesvolgorde, en de lezer kan de opmaak van de tekst aanpassen en de tekst "
            "vergroten. Ze bevat geen afbeeldingen. De noten zijn in beide richtingen met de "
            "tekst verbonden. De paginanummers van de gedrukte uitgave zijn in de tekst "
            "gemarkeerd en voor navigatie opgesomd. Er zijn geen risico’s bekend.",),
        "images": (
            "De enige afbeelding heeft een tekstbeschrijving.",
            "Alle 3 afbeeldingen hebben een tekstbeschrijving.",
            "1 van de 3 afbeeldingen heeft geen tekstbeschrijving.",
            "2 van de 3 afbeeldingen hebben geen tekstbeschrijving."),
        "landmarks": ("Omslag", "Titelpagina", "Inhoud", "Oriëntatiepunten"),
    },
    "el": {
        "imprint": (
            "Πρώτη δημοσίευση: International, Volume Two, Summer 1953.",
            "Επανέκδοση: Tollgate Press, 2025.",
            "Επανέκδοση: Tollgate Press, 3 Μαρτίου 2025.",
            "Επανέκδοση: Μάρτιος 2025.",
            "Επανέκδοση: 1 Μαρτίου 2025.",
            "Έκδοση: 1953.",
            "Έκδοση: 8 Μαρτίου 2025.",
            "Έκδοση: Tollgate Press, 1953.",
            "ISBN 978-84-09-51234-8 (χαρτόδετο)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "Πηγή: International, Volume Two, Summer 1953.",
            "Επανέκδοση: Tollgate Press, 2025",
            "Δικαιώματα: CC0 1.0",
            "ISBN (χαρτόδετο): 978-84-09-51234-8",
            "ISBN (EPUB): 978-84-09-51235-5",
            "Γλώσσα: el",
            "Ημερομηνία: 1953",
            "Έκδοση: Έκδοση απλού κειμένου",
            "Κωδικοποίηση: UTF-8"),
        "illustration": ("[Εικόνα: Tollgate]", "[Εικόνα]"),
        "summary": (
            "Η έκδοση διαθέτει πίνακα περιεχομένων, δομημένες επικεφαλίδες και λογική σειρά "
            "ανάγνωσης, και ο αναγνώστης μπορεί να αλλάξει τη μορφή του κειμένου και να το "
            "μεγεθύνει. Δεν περιέχει εικόνες. Οι σημειώσεις συνδέονται με το κείμενο και προς "
            "τις δύο κατευθύνσεις. Οι αριθμοί σελίδων της έντυπης έκδοσης σημειώνονται στο "
            "κείμενο και παρατίθενται για την πλοήγηση. Δεν είναι γνωστοί κίνδυνοι.",),
        "images": (
            "Η μοναδική εικόνα της έχει περιγραφή κειμένου.",
            "Καθεμία από τις 3 εικόνες της έχει περιγραφή κειμένου.",
            "1 από τις 3 εικόνες της δεν έχει περιγραφή κειμένου.",
            "2 από τις 3 εικόνες της δεν έχουν περιγραφή κειμένου."),
        "landmarks": ("Εξώφυλλο", "Σελίδα τίτλου", "Περιεχόμενα", "Ορόσημα"),
    },
    "ru": {
        "imprint": (
            "Впервые опубликовано: International, Volume Two, Summer 1953.",
            "Переиздано: Tollgate Press, 2025.",
            "Переиздано: Tollgate Press, 3 марта 2025\u202fг.",
            "Переиздано: март 2025\u202fг.",
            "Переиздано 1 марта 2025\u202fг.",
            "Издано в 1953 году.",
            "Издано 8 марта 2025\u202fг.",
            "Издатель: Tollgate Press, 1953.",
            "ISBN 978-84-09-51234-8 (в мягкой обложке)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "Источник: International, Volume Two, Summer 1953.",
            "Переиздание: Tollgate Press, 2025",
            "Права: CC0 1.0",
            "ISBN (в мягкой обложке): 978-84-09-51234-8",
            "ISBN (EPUB): 978-84-09-51235-5",
            "Язык: ru",
            "Дата: 1953",
            "Издание: Текстовое издание",
            "Кодировка: UTF-8"),
        "illustration": ("[Иллюстрация: Tollgate]", "[Иллюстрация]"),
        "summary": (
            "В издании есть оглавление, структурированные заголовки и логический порядок "
            "чтения; читатель может изменить оформление текста и увеличить его. Изображений "
            "нет. Сноски связаны с текстом в обе стороны. Номера страниц печатного издания "
            "отмечены в тексте и собраны в список для навигации. Известных рисков нет.",),
        "images": (
            "Единственное изображение снабжено текстовым описанием.",
            "Все изображения (3) снабжены текстовыми описаниями.",
            "Изображений без текстового описания: 1 из 3.",
            "Изображений без текстового описания: 2 из 3."),
        "landmarks": ("Обложка", "Титульный лист", "Содержание", "Ориентиры"),
    },
    "he": {
        "imprint": (
            "פרסום ראשון: International, Volume Two, Summer 1953.",
            "יצא לאור מחדש בידי Tollgate Press ב־2025.",
            "יצא לאור מחדש בידי Tollgate Press ב־3 במרץ 2025.",
            "יצא לאור מחדש במרץ 2025.",
            "יצא לאור מחדש ב־1 במרץ 2025.",
            "יצא לאור ב־1953.",
            "יצא לאור ב־8 במרץ 2025.",
            "הוצאת Tollgate Press, 1953.",
            "ISBN 978-84-09-51234-8 (כריכה רכה)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "מקור: International, Volume Two, Summer 1953.",
            "הוצאה מחודשת: Tollgate Press, 2025",
            "זכויות: CC0 1.0",
            "ISBN (כריכה רכה): 978-84-09-51234-8",
            "ISBN (EPUB): 978-84-09-51235-5",
            "שפה: he",
            "תאריך: 1953",
            "מהדורה: מהדורת טקסט פשוט",
            "קידוד: UTF-8"),
        "illustration": ("[איור: Tollgate]", "[איור]"),
        "summary": (
            "לפרסום זה יש תוכן עניינים, כותרות מובנות וסדר קריאה הגיוני, והקורא יכול לשנות את "
            "עיצוב הטקסט ולהגדיל אותו. אין בו תמונות. ההערות מקושרות לטקסט, והטקסט להערות. "
            "מספרי העמודים של המהדורה המודפסת מסומנים בטקסט ומרוכזים ברשימה לניווט. לא ידועות "
            "סכנות.",),
        "images": (
            "לתמונה היחידה בו יש תיאור טקסטואלי.",
            "לכל אחת מ־3 התמונות בו יש תיאור טקסטואלי.",
            "ל־1 מתוך 3 התמונות בו אין תיאור טקסטואלי.",
            "ל־2 מתוך 3 התמונות בו אין תיאור טקסטואלי."),
        "landmarks": ("כריכה", "שער", "תוכן העניינים", "ציוני דרך"),
    },
    "ar": {
        "imprint": (
            "نُشر لأول مرة في International, Volume Two, Summer 1953.",
            "أعاد نشره Tollgate Press عام 2025.",
            "أعاد نشره Tollgate Press في 3 مارس 2025.",
            "أعيد نشره في مارس 2025.",
            "أعيد نشره في 1 مارس 2025.",
            "نُشر عام 1953.",
            "نُشر في 8 مارس 2025.",
            "الناشر: Tollgate Press، 1953.",
            "ISBN 978-84-09-51234-8 (غلاف ورقي)",
            "ISBN 978-84-09-51235-5 (EPUB)"),
        "header": (
            "المصدر: International, Volume Two, Summer 1953.",
            "إعادة النشر: Tollgate Press، 2025",
            "الحقوق: CC0 1.0",
            "ISBN (غلاف ورقي): 978-84-09-51234-8",
            "ISBN (EPUB): 978-84-09-51235-5",
            "اللغة: ar",
            "التاريخ: 1953",
            "الطبعة: طبعة النص الخام",
            "الترميز: UTF-8"),
        "illustration": ("[صورة: Tollgate]", "[صورة]"),
        "summary": (
            "يحتوي هذا المنشور على فهرس للمحتويات وعناوين منظمة وترتيب منطقي للقراءة، ويمكن "
            "للقارئ تغيير تنسيق النص وتكبيره. لا يحتوي على صور. الحواشي مرتبطة بالنص، والنص "
            "بالحواشي. أرقام صفحات الطبعة المطبوعة معلَّمة في النص ومدرجة في قائمة للتنقل. لا "
            "توجد مخاطر معروفة.",),
        "images": (
            "لصورته الوحيدة وصف نصي.",
            "لكل صورة من صوره البالغ عددها 3 وصف نصي.",
            "1 من صوره البالغ عددها 3 بلا وصف نصي.",
            "2 من صوره البالغ عددها 3 بلا وصف نصي."),
        "landmarks": ("الغلاف", "صفحة العنوان", "المحتويات", "معالم"),
    },
    "zh": {
        "imprint": (
            "首次发表于International, Volume Two, Summer 1953.",
            "Tollgate Press于2025年重新出版。",
            "Tollgate Press于2025年3月3日重新出版。",
            "2025年3月重新出版。",
            "2025年3月1日重新出版。",
            "1953年出版。",
            "2025年3月8日出版。",
            "Tollgate Press于1953年出版。",
            "ISBN 978-84-09-51234-8（平装）",
            "ISBN 978-84-09-51235-5（EPUB）"),
        "header": (
            "来源：International, Volume Two, Summer 1953.",
            "重新出版：Tollgate Press，2025年",
            "版权：CC0 1.0",
            "ISBN（平装）：978-84-09-51234-8",
            "ISBN（EPUB）：978-84-09-51235-5",
            "语言：zh",
            "日期：1953年",
            "版本：纯文本版",
            "编码：UTF-8"),
        "illustration": ("[插图：Tollgate]", "[插图]"),
        "summary": (
            "本出版物有目录、结构化标题和合乎逻辑的阅读顺序，读者可以调整文本的样式并放大文字。"
            "书中没有图像。注释与正文双向链接。正文中标出了印刷版的页码，并列出以便导航。"
            "无已知危害。",),
        "images": (
            "书中唯一的图像附有文字描述。",
            "书中全部3幅图像均附有文字描述。",
            "书中3幅图像中有1幅没有文字描述。",
            "书中3幅图像中有2幅没有文字描述。"),
        "landmarks": ("封面", "书名页", "目录", "导览"),
    },
    "zh-Hant": {
        "imprint": (
            "首次發表於International, Volume Two, Summer 1953.",
            "Tollgate Press於2025年重新出版。",
            "Tollgate Press於2025年3月3日重新出版。",
            "2025年3月重新出版。",
            "2025年3月1日重新出版。",
            "1953年出版。",
            "2025年3月8日出版。",
            "Tollgate Press於1953年出版。",
            "ISBN 978-84-09-51234-8（平裝）",
            "ISBN 978-84-09-51235-5（EPUB）"),
        "header": (
            "來源：International, Volume Two, Summer 1953.",
            "重新出版：Tollgate Press，2025年",
            "版權：CC0 1.0",
            "ISBN（平裝）：978-84-09-51234-8",
            "ISBN（EPUB）：978-84-09-51235-5",
            "語言：zh-Hant",
            "日期：1953年",
            "版本：純文字版",
            "編碼：UTF-8"),
        "illustration": ("[插圖：Tollgate]", "[插圖]"),
        "summary": (
            "本出版物有目錄、結構化標題和合乎邏輯的閱讀順序，讀者可以調整文字的樣式並放大文字。"
            "書中沒有圖像。註釋與正文雙向連結。正文中標出了印刷版的頁碼，並列出以便導覽。"
            "無已知危害。",),
        "images": (
            "書中唯一的圖像附有文字描述。",
            "書中全部3幅圖像均附有文字描述。",
            "書中3幅圖像中有1幅沒有文字描述。",
            "書中3幅圖像中有2幅沒有文字描述。"),
        "landmarks": ("封面", "書名頁", "目錄", "導覽"),
    },
    "ja": {
        "imprint": (
            "初出：International, Volume Two, Summer 1953.",
            "Tollgate Press、2025年再刊。",
            "Tollgate Press、2025年3月3日再刊。",
            "2025年3月再刊。",
            "2025年3月1日再刊。",
            "1953年刊行。",
            "2025年3月8日刊行。",
            "Tollgate Press、1953年刊行。",
            "ISBN 978-84-09-51234-8（ペーパーバック）",
            "ISBN 978-84-09-51235-5（EPUB）"),
        "header": (
            "出典：International, Volume Two, Summer 1953.",
            "再刊：Tollgate Press、2025年",
            "権利：CC0 1.0",
            "ISBN（ペーパーバック）：978-84-09-51234-8",
            "ISBN（EPUB）：978-84-09-51235-5",
            "言語：ja",
            "日付：1953年",
            "版：プレーンテキスト版",
            "文字コード：UTF-8"),
        "illustration": ("[挿絵：Tollgate]", "[挿絵]"),
        "summary": (
            "この出版物には目次、構造化された見出し、論理的な読み順があり、読者は文字の表示を"
            "変更したり拡大したりできます。画像は含まれていません。注と本文は相互にリンクされて"
            "います。印刷版のページ番号が本文中に示され、ナビゲーション用に一覧になっています。"
            "既知の危険はありません。",),
        "images": (
            "唯一の画像には代替テキストがあります。",
            "3点の画像すべてに代替テキストがあります。",
            "3点の画像のうち1点には代替テキストがありません。",
            "3点の画像のうち2点には代替テキストがありません。"),
        "landmarks": ("表紙", "扉", "目次", "ランドマーク"),
    },
}
LANGUAGES = list(EXPECTED)


def metadata(lang: str, **fields: Any) -> Metadata:
    return dataclasses.replace(BOOK, lang=lang, **fields)


def test_every_language_of_the_catalogue_is_tested() -> None:
    written = {name for name in tables() if name != "en"} | {"en-GB"}
    assert written == set(LANGUAGES)


@pytest.mark.parametrize("lang", [name for name in tables() if name not in ("en", "zh-Hant")])
def test_every_language_writes_every_phrase(lang: str) -> None:
    """No English phrase shows through a language that lacks it (zh-Hant writes only what
    differs from zh, and takes the rest from there). Variants are the language's to write
    or not."""
    english, own = tables()["en"], tables()[lang]
    variants = {f"{key}-{name}" for key in english for name in DATE_VARIANTS + COUNT_VARIANTS}
    missing = set(english) - variants - set(own)
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_copyright_page_in_each_language(lang: str) -> None:
    lines = [imprint(metadata(lang, **fields))[0].text for fields in CASES.values()]
    isbns = [line.text for line in imprint(metadata(lang))]
    assert (*lines, *isbns) == EXPECTED[lang]["imprint"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_text_editions_header_in_each_language(lang: str) -> None:
    book = Book(metadata(lang, **HEADER_BOOK), (), (), None)
    labelled = header(book)[-len(EXPECTED[lang]["header"]):]
    assert tuple(labelled) == EXPECTED[lang]["header"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_text_editions_mark_for_a_picture_in_each_language(lang: str) -> None:
    say = phrases_of(metadata(lang))
    marks = (inline_element(etree.fromstring('<img src="a.png" alt="Tollgate"/>'), say),
             inline_element(etree.fromstring('<img src="a.png" alt=""/>'), say))
    assert marks == EXPECTED[lang]["illustration"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_accessibility_summary_in_each_language(lang: str) -> None:
    say = phrases_of(metadata(lang))
    summary = accessibility_summary(AccessibilityFacts(0, 0, notes=4, print_pages=12), say)
    assert summary == EXPECTED[lang]["summary"][0]
    for (images, described), sentence in zip(((1, 1), (3, 3), (3, 2), (3, 1)),
                                             EXPECTED[lang]["images"], strict=True):
        facts = AccessibilityFacts(images, described, notes=0, print_pages=0)
        assert sentence in accessibility_summary(facts, say), (images, described)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_landmarks_in_each_language(lang: str) -> None:
    say = phrases_of(metadata(lang))
    found = tuple(say.say(key) for key in ("cover", "title-page", "contents", "landmarks"))
    assert found == EXPECTED[lang]["landmarks"]


@pytest.mark.parametrize("source", [SOURCE, "The Tollgate Papers…", "Who Goes There?",
                                    "Tollgate Press Inc."])
def test_a_full_stop_is_never_doubled(source: str) -> None:
    """A value that ends its sentence already takes no second full stop; the phrase's own
    punctuation stays where the value ends otherwise."""
    say = phrases_of(metadata("en-GB"))
    assert say.say("first-published", source=source) == f"First published in {source}"
    assert say.say("first-published", source="Tollgate") == "First published in Tollgate."
    assert phrases_of(metadata("ja")).say("first-published", source="『門』。") == "初出：『門』。"
    assert say.say("published-by-on", publisher="Acme Inc.", date="1953") == (
        "Published by Acme Inc., 1953.")


def test_a_publishers_phrase_takes_its_own_variants_not_the_languages() -> None:
    """A phrase set in the metadata replaces the language's and its variants, unless the
    metadata sets those too; a variant of no phrase is refused."""
    own = metadata("es", republished="2025", phrases=(("republished", "Reimpreso: {date}."),))
    assert imprint(own)[0].text == "Reimpreso: 2025."
    both = metadata("es", republished="2025", phrases=(
        ("republished", "Reimpreso el {date}."), ("republished-year", "Reimpreso en {date}.")))
    assert imprint(both)[0].text == "Reimpreso en 2025."
    with pytest.raises(PublishError, match="contents-year"):
        phrases_of(metadata("es", phrases=(("contents-year", "Índice"),)))


def test_a_language_without_a_variant_does_not_take_englishs() -> None:
    """Portuguese says "em" before a year and a day alike, and writes no year variant: its
    phrase, not English's "in", is the one used."""
    assert imprint(metadata("pt", republished="2025"))[0].text == "Republicado em 2025."


def test_a_spanish_book_carries_its_phrases_into_every_edition(tmp_path: Path) -> None:
    """A short Spanish book with a picture, two ISBNs, a year of republication and a source
    ending in a full stop, built by the command line and checked: its EPUB's copyright page
    and accessibility summary, and its text editions' header and mark for the picture, are
    Spanish, and `publish check` reads them back in Spanish (and in ASCII)."""
    manuscript = tmp_path / "manuscript"
    (manuscript / "chapters").mkdir(parents=True)
    (manuscript / "images").mkdir()
    PIL.Image.new("RGB", (600, 400), (40, 90, 160)).save(manuscript / "images" / "mar.png")
    (manuscript / "metadata.yaml").write_text(f"""\
title: La orilla
creator: Ana Pérez
lang: es
publisher: Tollgate Press
date: "1953"
republished: "2025"
source: "Revista de la Orilla, n.º 2, Valparaíso, 1953."
rights: Dominio público.
identifier:
  - scheme: uuid
    text: urn:uuid:5b0c1a52-8f1e-4d7a-9a0b-2f6c9d1e7a31
  - scheme: isbn
    text: {PRINT_ISBN}
    edition: print
  - scheme: isbn
    text: {EPUB_ISBN}
    edition: epub
""", "utf-8")
    (manuscript / "chapters" / "01-la-orilla.md").write_text("""\
# La orilla

Al caer la tarde bajamos a la orilla, donde el agua quieta guardaba todavía la luz.[^1]

![El mar en calma, de un azul profundo](../images/mar.png "El mar")

Nadie habló durante el regreso.

[^1]: La orilla es la del sur.
""", "utf-8")
    for command in (["build", "epub", "pdf", "cover", "txt", "txt-ascii"], ["check"]):
        result = subprocess.run([sys.executable, "-m", "publish", *command], cwd=tmp_path,
                                capture_output=True, text=True, timeout=900, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    built = tmp_path / "build"
    text = (built / "la-orilla.txt").read_text("utf-8")
    for line in ("Fuente: Revista de la Orilla, n.º 2, Valparaíso, 1953.",
                 "Reedición: Tollgate Press, 2025",
                 "ISBN (rústica): 978-84-09-51234-8",
                 "ISBN (EPUB): 978-84-09-51235-5",
                 "Idioma: es", "Fecha: 1953", "Edición: Edición en texto plano",
                 "Codificación: UTF-8",
                 "[Ilustración: El mar en calma, de un azul profundo]"):
        assert f"\n{line}\n" in text, line
    assert "Source:" not in text and "[Illustration" not in text
    assert "\n[Ilustracion: El mar en calma" in (built / "la-orilla-ascii.txt").read_text("ascii")
    with zipfile.ZipFile(built / "la-orilla.epub") as epub:
        names = epub.namelist()
        copyright_page = epub.read(next(name for name in names
                                        if name.endswith("copyright.xhtml"))).decode()
        package = epub.read(next(name for name in names if name.endswith(".opf"))).decode()
    for line in ("Publicado por primera vez en Revista de la Orilla, n.º 2, Valparaíso, 1953.<",
                 "Reeditado por Tollgate Press en 2025.",
                 "ISBN 978-84-09-51234-8 (rústica)", "ISBN 978-84-09-51235-5 (EPUB)"):
        assert line in copyright_page, line
    assert "Cada una de sus 2 imágenes tiene una descripción textual." in package
    assert "This publication" not in package


def test_a_language_cldr_does_not_know_takes_english_dates() -> None:
    """Ancient Greek (grc) has neither phrases here nor a CLDR locale: English's, and its
    dates, as for any language this file lacks."""
    assert imprint(metadata("grc", date="1920"))[0].text == "Published 1920."
    assert imprint(metadata("grc", date="1920-03-03"))[0].text == "Published March 3, 1920."


@pytest.mark.parametrize(("lang", "names", "joined"), [
    ("th", ["A", "B"], "AและB"),  # CLDR's Thai: no space before และ between two
    ("th", ["A", "B", "C"], "A B และC"),
    ("hi", ["A", "B"], "A और B"),
    ("fi", ["A", "B", "C"], "A, B ja C"),
    ("grc", ["Ὅμηρος", "Πλάτων"], "Ὅμηρος και Πλάτων"),  # Modern Greek's words stand in
    ("xx", ["A", "B", "C"], "A, B and C"),  # a language CLDR does not know: English's
])
def test_a_language_phrases_toml_does_not_write_lists_names_as_cldr_does(
        lang: str, names: list[str], joined: str) -> None:
    """The title page's byline and the cover's alike (cover/names.py)."""
    assert phrases_of(metadata(lang)).names(names) == joined


def test_a_books_own_and_outranks_cldrs() -> None:
    own = metadata("th", phrases=(("and", "{rest} กับ {last}"),))
    assert phrases_of(own).names(["A", "B"]) == "A กับ B"


def test_the_phrases_of_a_language_cldr_lists_for_can_be_given_back_as_the_books_own() -> None:
    """The ASCII text edition gives every phrase back transliterated (editions/text/ascii.py):
    the list pattern's "and-two" too."""
    say = phrases_of(metadata("th"))
    again = phrases_of(metadata("th", phrases=say.table))
    assert again.names(["A", "B"]) == "AและB" and again.names(["A", "B", "C"]) == "A B และC"


@pytest.mark.parametrize(("lang", "words", "leads_to", "page"), [
    ("en-GB", "the chronology", "the chronology (see “Appendix”)", "the chronology (page\u00a05)"),
    ("zh", "年表", "年表（见“Appendix”）", "年表（第5页）"),
    ("ja", "年表", "年表（「Appendix」を参照）", "年表（5ページ）")])
def test_what_follows_a_links_words_is_spaced_as_the_language_spaces(
        lang: str, words: str, leads_to: str, page: str) -> None:
    """The text edition's "(see …)" and print's "(page N)" follow a link's words after a
    space, but a full-width bracket (Chinese, Japanese) is its own space."""
    say = phrases_of(metadata(lang))
    link = etree.fromstring(f'<a href="#appendix" {LEADS_TO}="Appendix">{words}</a>')
    assert inline_element(link, say) == leads_to
    tree = etree.fromstring(f'<div><a class="page" href="#appendix">{words}</a></div>')
    mark_page_references(tree, say, {"appendix": "5"})
    for number in tree.iter("span"):  # the number is drawn from data-page: written in here
        if number.get("data-page"):
            number.text = number.get("data-page")
    assert "".join(tree.itertext()) == page
