"""Read time: table and public shapes, queries (session in, shapes out), search, notes, timeline."""
