//! The date-phrase parser and the free-text date finder. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    recall::fuzzing::date(data);
});
