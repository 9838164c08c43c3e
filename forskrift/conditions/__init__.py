"""The condition language: text → parse tree → typed tree checked against the schema → durable JSON and
reference closures."""
