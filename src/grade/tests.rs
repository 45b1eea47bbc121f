//! Table-driven tests of [`grade`](super::grade) for every kind of answer.
