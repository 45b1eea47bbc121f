//! Durable review state in SQLite: card states, the review log, settings; one transaction per
//! answer, an exclusive lock per file.
