//! The number-phrase parser and the free-text amount finder. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    recall::fuzzing::number(data);
});
