//! What `--anonymize` does to records, for people who publish an analysis: the four IDs
//! of a person become a keyed hash (HMAC-SHA256), stable for one key so that one person's
//! items still group together; nicknames, signatures and profile links go; and an
//! `@nickname` in a text becomes `@` and that person's pseudonym, wherever the export
//! knows whom the nickname names (an author in the export, or the person a reply answers).
//!
//! A keyed MAC rather than a hash of key‖ID: HMAC is what is made to be keyed, and without
//! the key (the salt, or 32 random bytes forgotten at exit) a guessed ID cannot be tested.

use super::record::Record;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::HashMap;
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

/// Hex digits kept of each MAC: 64 bits, so a million people collide with odds of about
/// one in 30 million.
pub const PSEUDONYM_HEX_DIGITS: usize = 16;

/// The key behind the pseudonyms.
#[derive(Clone)]
pub struct Anonymizer {
    mac: HmacSha256,
}

impl fmt::Debug for Anonymizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key is what keeps the pseudonyms from being reversed by guessing IDs.
        f.write_str("Anonymizer(<key>)")
    }
}

impl Anonymizer {
    /// Pseudonyms keyed by `salt`: the same salt gives the same pseudonyms in every export.
    pub fn with_salt(salt: &str) -> Anonymizer {
        Anonymizer::keyed(salt.as_bytes())
    }

    /// Pseudonyms keyed by 32 bytes from the operating system, forgotten at exit: stable
    /// within one export only.
    pub fn random() -> std::io::Result<Anonymizer> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Anonymizer::keyed(&key))
    }

    fn keyed(key: &[u8]) -> Anonymizer {
        Anonymizer {
            mac: HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length"),
        }
    }

    /// The pseudonym of one ID.
    pub fn pseudonym(&self, id: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        let digest = mac.finalize().into_bytes();
        digest[..PSEUDONYM_HEX_DIGITS / 2]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// The record with its person's IDs hashed, names dropped, and the mentions `known`
    /// can name replaced in its text.
    pub fn apply(&self, mut record: Record, known: &Mentions) -> Record {
        record.reply_to_name = None;
        record.text = known.replace(&record.text, self);
        let Some(user) = &mut record.user else {
            return record;
        };
        for id in [
            &mut user.uid,
            &mut user.unique_id,
            &mut user.short_id,
            &mut user.sec_uid,
        ] {
            *id = id.as_deref().map(|value| self.pseudonym(value));
        }
        user.profile_url = None;
        user.nickname = None;
        user.signature = None;
        record
    }
}

/// Nicknames whose person the export knows, each with that person's `uid`.
#[derive(Debug, Default)]
pub struct Mentions {
    /// By the nickname's first character: the nicknames and uids, the longest first (so
    /// `@Tomas` is not read as `@Tom`).
    by_first: HashMap<char, Vec<(String, String)>>,
}

impl Mentions {
    /// Learns that `nickname` names the person `uid`. The first person seen with a nickname
    /// keeps it; an empty nickname or uid teaches nothing.
    pub fn learn(&mut self, nickname: &str, uid: &str) {
        let (nickname, uid) = (nickname.trim(), uid.trim());
        let Some(first) = nickname.chars().next() else {
            return;
        };
        if uid.is_empty() {
            return;
        }
        let known = self.by_first.entry(first).or_default();
        if known.iter().any(|(name, _)| name == nickname) {
            return;
        }
        let at = known.partition_point(|(name, _)| name.len() >= nickname.len());
        known.insert(at, (nickname.to_owned(), uid.to_owned()));
    }

    /// `text` with each known `@nickname` replaced by `@` and the person's pseudonym.
    fn replace(&self, text: &str, anonymizer: &Anonymizer) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find('@') {
            out.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
            let known = rest
                .chars()
                .next()
                .and_then(|first| self.by_first.get(&first))
                .and_then(|names| {
                    names
                        .iter()
                        .find(|(name, _)| rest.starts_with(name.as_str()))
                });
            if let Some((name, uid)) = known {
                out.push_str(&anonymizer.pseudonym(uid));
                rest = &rest[name.len()..];
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{About, Author, Post, Reply, ReplyTo};

    fn reply(text: &str) -> Reply {
        Reply {
            post: Post {
                cid: "7251536675678782265".into(),
                text: text.into(),
                author: Author {
                    uid: "74470874573".into(),
                    unique_id: "GMJ_1116".into(),
                    sec_uid: "MS4wLjABAAAA6Kxa".into(),
                    nickname: "史密斯夫妇💑".into(),
                    about: About {
                        signature: "hello".into(),
                        ..About::default()
                    }
                    .into(),
                    ..Author::default()
                },
                ..Post::default()
            },
            reply_to: ReplyTo {
                cid: Some("7251535176281932602".into()),
                name: "小虎".into(),
                uid: "63868108170".into(),
            }
            .into(),
        }
    }

    fn record(text: &str) -> Record {
        Record::from_reply(&reply(text), "1", None)
    }

    #[test]
    fn ids_are_stable_per_salt_and_names_are_dropped() {
        let salted = Anonymizer::with_salt("s1");
        let none = Mentions::default();
        let a = salted.apply(record("hi"), &none);
        let b = salted.apply(record("hi"), &none);
        assert_eq!(a, b, "the same salt, the same pseudonyms");
        let user = a.user.as_ref().unwrap();
        let uid = user.uid.as_deref().unwrap();
        assert_eq!(uid.len(), PSEUDONYM_HEX_DIGITS);
        assert_ne!(uid, "74470874573");
        assert_ne!(user.unique_id, user.uid);
        assert_eq!(user.short_id, None, "nothing to hide stays nothing");
        assert_eq!(
            (&user.nickname, &user.signature, &user.profile_url),
            (&None, &None, &None)
        );
        assert_eq!(a.reply_to_name, None, "a nickname of someone else");
        let other = Anonymizer::with_salt("s2");
        let c = other.apply(record("hi"), &none);
        assert_ne!(c.user.unwrap().uid, a.user.as_ref().unwrap().uid);
        let random = Anonymizer::random().unwrap();
        assert_ne!(
            random.pseudonym("74470874573"),
            salted.pseudonym("74470874573")
        );
        assert_eq!(format!("{salted:?}"), "Anonymizer(<key>)");
    }

    #[test]
    fn the_pseudonym_is_hmac_sha256_of_the_id_under_the_key() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        let anonymizer = Anonymizer::with_salt("Jefe");
        assert_eq!(
            anonymizer.pseudonym("what do ya want for nothing?"),
            "5bdcc146bf60754e"
        );
    }

    #[test]
    fn a_mention_of_a_known_person_becomes_their_pseudonym() {
        let anonymizer = Anonymizer::with_salt("s");
        let mut known = Mentions::default();
        known.learn("小虎", "63868108170");
        known.learn("小虎牙", "555");
        known.learn("", "1");
        let out = anonymizer.apply(record("@小虎 说得对，@小虎牙 也是，@路人 不认识"), &known);
        let tiger = anonymizer.pseudonym("63868108170");
        let fang = anonymizer.pseudonym("555");
        assert_eq!(
            out.text,
            format!("@{tiger} 说得对，@{fang} 也是，@路人 不认识")
        );
        assert!(!out.text.contains("小虎"));
    }
}
