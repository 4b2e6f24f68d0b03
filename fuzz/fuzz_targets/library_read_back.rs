#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| douyin_threads::fuzzing::library_read_back(data));
