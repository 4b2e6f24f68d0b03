//! Integration tests, compiled as one binary (one link instead of many).

mod suite {
    mod client;
    mod config;
    mod decode;
}
