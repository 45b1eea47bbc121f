//! An arbitrary answer key of any kind, graded against arbitrary typed text. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    recall::fuzzing::grade(data);
});
