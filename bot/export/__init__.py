"""The decision record a leadership team takes away: what was decided, on what evidence, and how it
held up. `gather` reads it from the database; `markdown`, `answers_csv` and `record_json` build its
three files from it, as pure functions; `files` bundles them for an upload or the command line."""
