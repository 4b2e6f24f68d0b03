//! Integration tests, compiled as one binary (one link instead of many).

mod suite {
    mod cache;
    mod client;
    mod config;
    mod decode;
    mod export;
    mod fuzz_paths;
    mod layers;
    mod pty;
    mod snapshots;
    mod support;
}
