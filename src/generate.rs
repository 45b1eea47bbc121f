//! Question generation: facts → cloze, multiple-choice, true/false and reverse questions;
//! cards → questions as written. Pure and deterministic for a given deck and seed.
