#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| douyin_threads::fuzzing::insights(data));
