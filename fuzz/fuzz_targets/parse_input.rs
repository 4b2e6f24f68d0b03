#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| douyin_threads::fuzzing::parse_input(data));
