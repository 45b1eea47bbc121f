//! Grading typed answers like a fair examiner: typos, aliases, number and date phrasings.
