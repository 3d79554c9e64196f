"""Names and their home: the region gazetteer (`gazetteer`), the lexicon of body types
(`bodies`), the recogniser that reads a string as a body's name or rejects it
(`recognise`), and the resolver that turns a recognised name into the body it denotes
(`resolve`).  The trie (`trie`) finds dictionary words in unsegmented text.

Recognition is separate from resolution: a name is read by its shape and the lexicon
first (市科技局 = level word 市 + known body 科技局), and only then resolved in a
document's context (in a 太仓 document, 太仓市科学技术局)."""
