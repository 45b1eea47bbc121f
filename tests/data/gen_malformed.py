import os
base = open('decks/mini.ron').read()
base = base.replace("// A small, clean deck over a self-written source (tests/data/sources/mini.txt).\n", "")
def sub(old, new, count=1):
    assert old in base, old
    return base.replace(old, new, count)
cases = {
 "syntax-missing-comma": sub('title: "Mini deck",', 'title: "Mini deck"'),
 "syntax-unclosed-string": sub('title: "Mini deck",', 'title: "Mini deck,'),
 "syntax-unclosed-paren": base.rstrip().rstrip(')'),
 "syntax-trailing-characters": base + "\nDeck()\n",
 "syntax-curly-quotes": sub('title: "Mini deck",', 'title: \u201cMini deck\u201d,'),
 "syntax-single-quotes": sub('title: "Mini deck",', "title: 'Mini deck',"),
 "syntax-letter-before-string": sub('title: "Mini deck",', 'title: x"Mini deck",'),
 "syntax-bad-escape": sub('title: "Mini deck",', 'title: "Mini \\deck",'),
 "syntax-unclosed-fact": sub('tags: ["history"],\n        ),', 'tags: ["history"],\n        '),
 "syntax-single-quotes-in-fact": sub('text: "The notes ran to about [20,000](number) words."', "text: 'The notes ran to about [20,000](number) words.'"),
 "syntax-letter-before-string-in-fact": sub('text: "The notes ran to about [20,000](number) words."', 'text: \u00e9"The notes ran to about [20,000](number) words."'),
 "syntax-stray-character": sub('tags: ["history"],\n        ),', 'tags: ["history"],\n        ); '),
 "unknown-field-fact": sub('evidence: ["The notes ran', 'evidnce: ["The notes ran'),
 "unknown-field-deck": sub('title: "Mini deck"', 'titel: "Mini deck"'),
 "unknown-field-source": sub('sha256: "1563', 'sha: "1563'),
 "unknown-field-card": sub('ask: "In which year', 'question: "In which year'),
 "missing-field-evidence": sub('            evidence: ["The notes ran to about 20,000 words"],\n', ''),
 "missing-field-source": sub('''    source: Source(
        file: "mini.txt",
        sha256: "15638ef60b64e96c0052a786bf40b255401e64a8fe0106e7a204f0cbb663448d",
        title: "Notes on an engine that was never built",
    ),
''', ''),
 "missing-field-card-answer": sub('            answer: TrueFalse(false),\n', ''),
 "wrong-type-id-number": sub('id: "notes-length"', 'id: 3'),
 "wrong-type-evidence-string": sub('evidence: ["The notes ran to about 20,000 words"]', 'evidence: "The notes ran to about 20,000 words"'),
 "wrong-type-tags-map": sub('tags: ["history"],\n            reverse', 'tags: {"history": 1},\n            reverse'),
 "wrong-type-truefalse": sub('TrueFalse(false)', 'TrueFalse("no")'),
 "wrong-struct-name": sub('Fact(\n            id: "notes-length"', 'Fcat(\n            id: "notes-length"'),
 "unknown-answer-kind": sub('answer: TrueFalse(false)', 'answer: Essay("never")'),
 "duplicate-fact-id": sub('id: "engine-cost"', 'id: "ada-notes"'),
 "duplicate-card-and-fact-id": sub('id: "engine-built"', 'id: "engine-designer"'),
 "duplicate-field": sub('id: "engine-cost",', 'id: "engine-cost",\n            id: "engine-price",'),
 "empty-id": sub('id: "notes-length"', 'id: ""'),
 "invalid-id": sub('id: "notes-length"', 'id: "Notes Length"'),
 "invalid-deck-id": sub('id: "mini"', 'id: "mini/deck"'),
 "empty-fact-text": sub('text: "The notes ran to about [20,000](number) words."', 'text: "  "'),
 "empty-evidence-list": sub('evidence: ["a machine designed by Charles Babbage"]', 'evidence: []'),
 "empty-evidence-string": sub('evidence: ["a machine designed by Charles Babbage"]', 'evidence: ["a machine designed by Charles Babbage", ""]'),
 "empty-text-answer": sub('answer: TrueFalse(false)', 'answer: Text([])'),
 "empty-choice-wrong": sub('answer: TrueFalse(false)', 'answer: Choice(correct: ["no"], wrong: [])'),
 "choice-overlap": sub('answer: TrueFalse(false)', 'answer: Choice(correct: ["No"], wrong: ["Yes", "no "])'),
 "unknown-span-type": sub('[Charles Babbage](person)', '[Charles Babbage](colour)'),
 "span-type-typo": sub('[Charles Babbage](person)', '[Charles Babbage](persn)'),
 "span-type-other-word": sub('[Charles Babbage](person)', '[Charles Babbage](people)'),
 "empty-span": sub('[Charles Babbage](person)', '[](person)'),
 "unclosed-span-type": sub('[Charles Babbage](person).', '[Charles Babbage](person.'),
 "span-with-spaces": sub('[Charles Babbage](person)', '[Charles Babbage ](person)'),
 "nested-span": sub('[Charles Babbage](person)', '[Charles [Babbage](person)](person)'),
 # Brackets outside a well-formed span, in a fact with other spans (so not E113).
 "span-space-before-type": sub('[1843](year)', '[1843] (year)'),
 "span-without-type": sub('[Ada Lovelace](person) published', '[Ada Lovelace]published'),
 "span-stray-bracket": sub('on the [Analytical Engine](thing).', 'on the Analytical Engine](thing).'),
 "span-bracket-inside": sub('[Charles Babbage](person)', '[Charles [Babbage]](person)'),
 "fact-without-spans": sub('text: "The notes ran to about [20,000](number) words."', 'text: "The notes ran to about 20,000 words."'),
 "unknown-fact-reference": sub('fact: "ada-notes"', 'fact: "ada-note"'),
 "reverse-unknown-answer": sub('answer: "Charles Babbage")', 'answer: "Babbage")'),
 "bad-sha256": sub('sha256: "15638ef6', 'sha256: "XYZ'),
 "retention-out-of-range": sub('    aliases:', '    settings: Settings(retention: 1.5),\n    aliases:'),
 "bad-learning-step": sub('    aliases:', '    settings: Settings(learning_steps: ["1m", "10 minutes"]),\n    aliases:'),
 "unknown-setting": sub('    aliases:', '    settings: Settings(new_cards_per_day: 10),\n    aliases:'),
 "unknown-kind": sub('    aliases:', '    settings: Settings(kinds: [Cloze, Flashcard]),\n    aliases:'),
 # A mistake in the settings does not hide those in the facts and cards.
 "settings-and-facts": sub('    aliases:', '    settings: Settings(new_per_day: "twenty"),\n    aliases:')
     .replace('[20,000](number)', '[20,000](numbr)').replace('fact: "ada-notes"', 'fact: "ada-note"'),
 # Every mistake of the header (ron stops at the first), and the facts' after them.
 "deck-fields-and-facts": sub('title: "Mini deck",', 'titel: "Mini deck", colour: "red",')
     .replace('[Analytical Engine](thing)', '[Analytical Engine](bridge)').replace('id: "engine-cost",', 'id: "engine-cost", tgas: [],'),
 "source-fields-and-facts": sub('''        file: "mini.txt",
        sha256: "15638ef60b64e96c0052a786bf40b255401e64a8fe0106e7a204f0cbb663448d",
''', '').replace('[Analytical Engine](thing)', '[Analytical Engine](bridge)').replace('id: "engine-cost",', 'id: "engine-cost", tgas: [],'),
 "source-and-deck-field": sub('source: Source(', 'source: Source(title: "x"), src: Source('),
 "empty-kinds": sub('tags: ["history"],\n            reverse', 'tags: ["history"],\n            kinds: [],\n            reverse'),
 "invalid-card-date": sub('Date("1843")', 'Date("March 40th")'),
 "invalid-year-span": sub('[1843](year)', '[eighteen-forty](year)'),
 "invalid-day-span": sub('[1843](year)', '[Someday](day)'),
 "negative-tolerance": sub('answer: TrueFalse(false)', 'answer: Number(value: 3, tolerance: -1)'),
 "empty-alias": sub('["Lovelace", "Ada"]', '["Lovelace", ""]'),
 "many-errors": sub('id: "engine-cost"', 'id: "Engine Cost"').replace('[Charles Babbage](person)', '[Charles Babbage](persn)').replace('evidence: ["The notes ran to about 20,000 words"]', 'evidence: []'),
 "many-broken-facts": sub('evidence: ["The notes ran', 'evidnce: ["The notes ran').replace('id: "engine-cost"', 'id: 4').replace('TrueFalse(false)', 'TrueFalse(nope)'),
 "nesting-too-deep": sub('tags: ["history"],\n            reverse', 'tags: ' + '[' * 300 + ']' * 300 + ',\n            reverse'),
 "source-escapes-folder": sub('file: "mini.txt"', 'file: "../../../../etc/passwd"'),
 "source-absolute-path": sub('file: "mini.txt"', 'file: "/etc/passwd"'),
 "source-not-found": sub('file: "mini.txt"', 'file: "maxi.txt"'),
 "source-hash-mismatch": sub('sha256: "15638ef60b64e96c0052a786bf40b255401e64a8fe0106e7a204f0cbb663448d"', 'sha256: "25638ef60b64e96c0052a786bf40b255401e64a8fe0106e7a204f0cbb663448d"'),
 "duplicate-alias-key": sub('aliases: { "Ada Lovelace": ["Lovelace", "Ada"], "Charles Babbage": ["Babbage"] },', '''aliases: {
        "Ada Lovelace": ["Lovelace"],
        "Charles Babbage": ["Babbage"],
        "Ada Lovelace": ["Ada"],
    },'''),
 "not-a-deck": "just some text, not RON at all\n",
 "empty-file": "",
}
os.makedirs('malformed', exist_ok=True)
for name, text in cases.items():
    assert text != base, name
    open(f'malformed/{name}.ron', 'w').write(text)
# Byte-level cases.
open('malformed/not-utf8.ron', 'wb').write(base.replace('Mini deck', 'Mini d\xe9ck').encode('utf-8').replace(b'd\xc3\xa9ck', b'd\xe9ck'))
cases["not-utf8"] = None
print(len(cases))
