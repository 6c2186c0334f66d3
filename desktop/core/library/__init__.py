"""The desk library: documents, translations, edits, annotations, claims and briefs in one SQLite file.

Schema and migrations, the store, full-text search in both languages and the
portable ``.dragoman`` archive. It never translates or analyses; callers hand
it plain records and get plain records back.
"""
