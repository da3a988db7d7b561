skip-to-content = Skip to content
language-switcher = Language
sidebar = Site navigation
breadcrumbs = Breadcrumbs
on-this-page = On this page
pager = Previous and next pages
previous-page = Previous
next-page = Next
edit-page = Edit this page
built-with = Built with yomu
admonition-note = Note
admonition-info = Info
admonition-tip = Tip
admonition-warning = Warning
admonition-danger = Danger
admonition-details = Details
footnotes = Footnotes
footnote-backref = Back to the text
untranslated-mark = not translated
translation-missing = This page has not been translated into { $language } yet, so it is shown in its original language ({ $source }).
translation-missing-help = Help translate it
translation-outdated = The original of this page has changed since it was translated, so this translation may be out of date.
translation-outdated-source = Read the original ({ $source })
not-found-title = Page not found
not-found-text = The page you are looking for may have moved or been removed, or the address may be wrong.
not-found-home = Back to the home page
diagram = Diagram
menu = Menu
dark-mode = Dark mode
translation-notice = About this translation
last-updated = Last updated:
copy-code = Copy
copy-code-done = Copied
copy-code-failed = Copy failed
# A date, from the numbers $year, $month and $day.
date = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
  } { $day }, { $year }
redirecting = Redirecting…
# The sidebar's link to the $count entries of a long folder it does not show.
nav-more = { $count } more
index-pages = Pages of this list
index-page-number = Page { $number } of { $count }
menu-close = Close the menu
heading-link = Link to this section
diagram-scroll = Scroll sideways to see the whole diagram
current-language = Language: { $language }
not-found-sections = Sections of this site
glossary-title = Glossary
glossary-used-on = Used on:
glossary-more = More
faq-questions = Questions on this page
faq-expand-all = Expand all
faq-collapse-all = Collapse all
search = Search
search-label = Search this site
search-close = Close
# The live count of search results; the client replaces {"{"}count{"}"} with the number.
search-count = Results: { $count }
search-empty = No pages match.
search-failed = Search could not load its index. Reload the page and try again.
search-needs-script = Search runs in your browser and needs JavaScript. Turn JavaScript on and open this page again, or find pages through the navigation.
