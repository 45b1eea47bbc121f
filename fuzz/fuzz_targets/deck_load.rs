//! Arbitrary bytes → deck loader → validation → question generation. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    recall::fuzzing::deck(data);
});
