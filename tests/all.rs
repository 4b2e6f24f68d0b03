//! Integration tests, compiled as one binary (one link instead of many).

mod suite {
    mod cache;
    mod cli;
    mod client;
    mod config;
    mod decode;
    mod export;
    mod faults;
    mod frames;
    mod fuzz_paths;
    mod hostile;
    mod insights;
    mod insights_pane;
    mod layers;
    mod library;
    mod library_reader;
    mod library_search;
    mod properties;
    mod pty;
    mod secrets;
    mod snapshots;
    mod support;
}
