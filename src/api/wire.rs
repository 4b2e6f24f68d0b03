//! The service's JSON as it arrives, and the decoders that turn it into [`super::model`].
//!
//! Decoding is lenient: every field is optional, `null` is accepted where an object or a
//! list is expected, ids may be strings or numbers, and one odd element costs only itself.
//! Every string is sanitized here, once, before anything else can see it.
//!
//! A page is read in one pass over its bytes: the envelope, the page and every element as
//! they come, the ~190 user fields nobody reads skipped without being built (their keys are
//! matched in place, never copied). No `serde_json::Value` is made. That pass gives up on
//! anything unusual (an element that does not decode, a duplicate key, a list where an
//! object belongs, bytes that are not UTF-8), and the page is then read the careful way:
//! each list element first taken as a borrowed [`RawValue`] and decoded on its own, so an
//! element that does not decode is skipped without spoiling the rest. Both ways build the
//! same wire types with the same field decoders, so they agree wherever the first finishes
//! (the `decode_replies` fuzz target checks it).

use super::Endpoint;
use super::error::ApiError;
use super::lenient;
use super::model::{
    About, Author, Comment, Counts, Gender, Page, Post, Profile, Rare, Reply, ReplyTo, Short,
};
use crate::ids::VideoId;
use crate::target::video_id_from_url;
use crate::text::{sanitize, sanitize_cow, sanitize_owned};
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_with::de::DeserializeAsWrap;
use serde_with::{DeserializeAs, DisplayFromStr, PickFirst, Same, VecSkipError, serde_as};
use std::borrow::Cow;
use std::fmt;

/// Douyin's `label_list` type for the "liked by the author" label (作者赞过).
const LABEL_AUTHOR_LIKED: i64 = 20;
/// A server's `message` longer than this is cut: it is shown in one status line, and a
/// hostile server must not make every frame wrap a novel.
const MESSAGE_MAX_CHARS: usize = 300;
/// An address a share link led to, quoted in an error: enough to see where it goes.
const LEADS_TO_MAX_CHARS: usize = 80;
/// Ages outside this are no age: the service sends -1 (and 0) for "not shown".
const PLAUSIBLE_AGES: std::ops::RangeInclusive<u32> = 1..=150;

/// A list whose odd elements are skipped; anything but a list is empty.
type List = OrDefault<VecSkipError<Same>>;
/// A small object; anything else is `None` (large ones use `lenient::object`).
type Object = OrDefault<Option<Same>>;
/// A number, or a string holding one; anything else is `None`.
type Count = OrDefault<Option<PickFirst<(Same, DisplayFromStr)>>>;

/// `serde_with::DefaultOnError<U>`, except that bytes that are not JSON stay an error: the
/// value is taken whole first (which fails only on malformed JSON), then read as `U`, and
/// only that second step's failure becomes the default. `DefaultOnError` forgives the
/// first step too, and in one pass that leaves the reader inside the bad token, so the
/// one-pass decoder accepted pages the careful one refuses (found by fuzzing).
struct OrDefault<U>(std::marker::PhantomData<U>);

impl<'de, T: Default, U: DeserializeAs<'de, T>> DeserializeAs<'de, T> for OrDefault<U> {
    fn deserialize_as<D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        // A `Value`, not a borrowed `RawValue`: inside a `VecSkipError` element the
        // deserializer is serde's buffer, not the JSON text.
        let value = serde_json::Value::deserialize(d)?;
        Ok(DeserializeAsWrap::<T, U>::deserialize(value)
            .map(DeserializeAsWrap::into_inner)
            .unwrap_or_default())
    }
}

/// Decodes a replies page (`get-video-sub-comment/v1`).
pub fn decode_replies(body: &[u8]) -> Result<Page<Reply>, ApiError> {
    decode_page(body, Endpoint::Replies, |item| item.into_reply())
}

/// Decodes a page of a video's top-level comments (`get-video-comment/v1`).
pub fn decode_comments(body: &[u8]) -> Result<Page<Comment>, ApiError> {
    decode_page(body, Endpoint::Comments, |item| item.into_comment())
}

/// Decodes a resolved share link (`share-url-transfer/v1`) into the video it leads to.
/// The answer's shape is not documented: `data` may be the address itself, or an object
/// with `aweme_id`, `redirect_url` (`redirectUrl`) or `url`; all are tried, and an address
/// is read with the same rules as a pasted link. An answer that leads elsewhere than a
/// video (a profile) is [`ApiError::NotAVideo`].
pub fn decode_share(body: &[u8]) -> Result<VideoId, ApiError> {
    let answer = decode_envelope(body, Endpoint::ShareLink)?
        .map(WireShare::read)
        .unwrap_or_default();
    if let Some(id) = answer.video_id() {
        return Ok(id);
    }
    match answer.addresses().find(|address| is_web_address(address)) {
        Some(address) => Err(ApiError::NotAVideo {
            leads_to: shown_address(address),
        }),
        None => Err(ApiError::NotUnderstood {
            detail: "a share-link answer without an address".into(),
        }),
    }
}

/// Decodes a user's full profile (`get-user-detail/v3`); `data.user` must name someone.
pub fn decode_profile(body: &[u8]) -> Result<Profile, ApiError> {
    let without_user = || ApiError::NotUnderstood {
        detail: "a profile answer without a user".into(),
    };
    let data = decode_envelope(body, Endpoint::Profile)?
        .filter(|data| data.get().starts_with('{'))
        .ok_or_else(without_user)?;
    let wire: WireProfile =
        serde_json::from_str(data.get()).map_err(|e| ApiError::NotUnderstood {
            detail: format!("profile shape: {e}"),
        })?;
    let profile = wire.user.ok_or_else(without_user)?.into_profile();
    match profile.user.is_unknown() {
        true => Err(without_user()),
        false => Ok(profile),
    }
}

/// The JSON `code` decides, whatever the HTTP status was: 0 is a page, anything else is the
/// matching [`ApiError`]. Items without a `cid` are dropped: nothing could tell them apart.
fn decode_page<T>(
    body: &[u8],
    endpoint: Endpoint,
    convert: fn(WireItem<'_>) -> T,
) -> Result<Page<T>, ApiError> {
    let page = match read_in_one_pass(body) {
        Some(envelope) => {
            answered(envelope.code, &envelope.message, endpoint)?;
            envelope.data.ok_or_else(without_a_page)?
        }
        None => read_carefully(body, endpoint)?,
    };
    let items = page
        .comments
        .into_iter()
        .filter(|item| !item.cid.is_empty())
        .map(convert)
        .collect();
    Ok(Page {
        items,
        has_more: page.has_more,
        total: page.total,
    })
}

fn without_a_page() -> ApiError {
    ApiError::NotUnderstood {
        detail: "success without a page".into(),
    }
}

/// The page in one pass, or `None` when the pass met anything it leaves to
/// [`read_carefully`] (which then also finds any error).
fn read_in_one_pass(body: &[u8]) -> Option<OnePassEnvelope<'_>> {
    // Checked whole first, so the pass can skip strings without checking each one and
    // still refuse what the careful way refuses.
    let text = std::str::from_utf8(body).ok()?;
    serde_json::from_str(text).ok()
}

/// The page with each element decoded on its own: one that does not decode costs only
/// itself.
fn read_carefully(body: &[u8], endpoint: Endpoint) -> Result<DecodedPage<'_>, ApiError> {
    let data = decode_envelope(body, endpoint)?
        .filter(|data| data.get().starts_with('{'))
        .ok_or_else(without_a_page)?;
    let page: WirePage = serde_json::from_str(data.get()).map_err(|e| ApiError::NotUnderstood {
        detail: format!("page shape: {e}"),
    })?;
    let comments = page
        .comments
        .iter()
        .filter_map(|raw| serde_json::from_str::<WireItem>(raw.get()).ok())
        .collect();
    Ok(DecodedPage {
        comments,
        has_more: page.has_more,
        total: page.total,
    })
}

/// A replies page the careful way only, for the fuzz target that compares the two ways.
pub(crate) fn decode_replies_carefully(body: &[u8]) -> Result<Page<Reply>, ApiError> {
    let page = read_carefully(body, Endpoint::Replies)?;
    let items = page
        .comments
        .into_iter()
        .filter(|item| !item.cid.is_empty())
        .map(|item| item.into_reply())
        .collect();
    Ok(Page {
        items,
        has_more: page.has_more,
        total: page.total,
    })
}

/// The business code of an answer, when it has one: the vendor bills every `code: 0`,
/// even one whose page turns out unreadable.
pub(crate) fn business_code(body: &[u8]) -> Option<i64> {
    serde_json::from_slice::<WireEnvelope>(body).ok()?.code
}

/// The envelope's `data` (`None` when absent or null) when `code` is 0; any other code is
/// the matching [`ApiError`] for a call to `endpoint`.
fn decode_envelope(body: &[u8], endpoint: Endpoint) -> Result<Option<&RawValue>, ApiError> {
    let envelope: WireEnvelope =
        serde_json::from_slice(body).map_err(|e| not_understood(body, &e))?;
    answered(envelope.code, &envelope.message, endpoint)?;
    Ok(envelope.data)
}

/// An answer's business code: 0 is an answer, anything else the matching [`ApiError`].
fn answered(code: Option<i64>, message: &str, endpoint: Endpoint) -> Result<(), ApiError> {
    match code {
        None => Err(ApiError::NotUnderstood {
            detail: "no business code in the answer".into(),
        }),
        Some(0) => Ok(()),
        Some(code) => {
            let message: String = sanitize(message).chars().take(MESSAGE_MAX_CHARS).collect();
            Err(ApiError::from_code(code, &message, endpoint))
        }
    }
}

/// A web page's address, with or without its scheme (the service writes both).
fn is_web_address(text: &str) -> bool {
    let parsed =
        reqwest::Url::parse(text).or_else(|_| reqwest::Url::parse(&format!("https://{text}")));
    parsed.is_ok_and(|url| {
        matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| h.contains('.'))
    })
}

/// Where a share link led, for an error: no query (it carries device IDs), one short line.
fn shown_address(address: &str) -> String {
    let bare = address.split(['?', '#']).next().unwrap_or_default();
    match bare.char_indices().nth(LEADS_TO_MAX_CHARS) {
        None => bare.to_owned(),
        Some((cut, _)) => format!("{}…", &bare[..cut]),
    }
}

fn not_understood(body: &[u8], err: &serde_json::Error) -> ApiError {
    let start = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let detail = match start {
        None => "empty body".to_owned(),
        Some(b'<') => "an HTML page instead of JSON".to_owned(),
        Some(_) if err.is_eof() => "the answer was cut off".to_owned(),
        Some(_) => format!(
            "malformed JSON at line {} column {}",
            err.line(),
            err.column()
        ),
    };
    ApiError::NotUnderstood { detail }
}

#[serde_as]
#[derive(Deserialize)]
struct WireEnvelope<'a> {
    #[serde_as(as = "Count")]
    #[serde(default)]
    code: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    message: String,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
}

#[serde_as]
#[derive(Deserialize)]
struct WirePage<'a> {
    #[serde(default, borrow, deserialize_with = "raw_elements")]
    comments: Vec<&'a RawValue>,
    #[serde(default, deserialize_with = "lenient::flag")]
    has_more: bool,
    #[serde_as(as = "Count")]
    #[serde(default)]
    total: Option<u64>,
}

/// A page answer read in one pass: [`WireEnvelope`] with its `data` decoded on the way.
#[serde_as]
#[derive(Deserialize)]
struct OnePassEnvelope<'a> {
    #[serde_as(as = "Count")]
    #[serde(default)]
    code: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    message: String,
    #[serde(default, borrow, deserialize_with = "page_or_null")]
    data: Option<DecodedPage<'a>>,
}

/// [`WirePage`] with its elements decoded: the elements that do not decode are already
/// gone.
#[serde_as]
#[derive(Deserialize)]
struct DecodedPage<'a> {
    #[serde(default, borrow, deserialize_with = "decoded_elements")]
    comments: Vec<WireItem<'a>>,
    #[serde(default, deserialize_with = "lenient::flag")]
    has_more: bool,
    #[serde_as(as = "Count")]
    #[serde(default)]
    total: Option<u64>,
}

/// In one pass: an object is a page, null none, anything else is left to the careful way.
fn page_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DecodedPage<'de>>, D::Error> {
    struct PageOrNull;
    impl<'de> Visitor<'de> for PageOrNull {
        type Value = Option<DecodedPage<'de>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a page or null")
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            DecodedPage::deserialize(MapAccessDeserializer::new(map)).map(Some)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(PageOrNull)
}

/// In one pass, the elements of `comments` decoded as they come. Where the careful way
/// skips an element (null, a string, a number), so does this; an element that is a list or
/// does not decode ends the pass. Anything but a list is no elements, as there.
fn decoded_elements<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<WireItem<'de>>, D::Error> {
    struct Element<'a>(Option<WireItem<'a>>);
    impl<'de> Deserialize<'de> for Element<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(ElementVisitor).map(Element)
        }
    }
    struct ElementVisitor;
    impl<'de> Visitor<'de> for ElementVisitor {
        type Value = Option<WireItem<'de>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an element of a page")
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            WireItem::deserialize(MapAccessDeserializer::new(map)).map(Some)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    list_or_nothing(d, |Element(item)| item)
}

/// The elements of a list, each as its own unparsed JSON; anything but a list is empty.
fn raw_elements<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'de RawValue>, D::Error> {
    list_or_nothing(d, |raw: &'de RawValue| Some(raw))
}

/// A list's elements read as `T` and kept where `keep` gives something; anything but a
/// list (an object, a string, null…) is read through and gives no elements.
fn list_or_nothing<'de, D, T, U>(d: D, keep: fn(T) -> Option<U>) -> Result<Vec<U>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Elements<T, U>(fn(T) -> Option<U>);
    impl<'de, T: Deserialize<'de>, U> Visitor<'de> for Elements<T, U> {
        type Value = Vec<U>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(element) = seq.next_element::<T>()? {
                out.extend((self.0)(element));
            }
            Ok(out)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            Ok(Vec::new())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }
    d.deserialize_any(Elements(keep))
}

/// A share-link answer, whichever of its known shapes it came in. Every field sanitized.
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireShare {
    #[serde(deserialize_with = "lenient::string")]
    aweme_id: String,
    #[serde(deserialize_with = "lenient::string")]
    redirect_url: String,
    #[serde(rename = "redirectUrl", deserialize_with = "lenient::string")]
    redirect_url_camel: String,
    #[serde(deserialize_with = "lenient::string")]
    url: String,
}

impl WireShare {
    /// `data` as the address itself or as an object; any other shape carries nothing.
    fn read(data: &RawValue) -> WireShare {
        let raw = data.get();
        let answer = if raw.starts_with('"') {
            serde_json::from_str(raw).map(|url| WireShare {
                url,
                ..WireShare::default()
            })
        } else {
            serde_json::from_str(raw)
        };
        let answer: WireShare = answer.unwrap_or_default();
        WireShare {
            aweme_id: sanitize_owned(answer.aweme_id),
            redirect_url: sanitize_owned(answer.redirect_url),
            redirect_url_camel: sanitize_owned(answer.redirect_url_camel),
            url: sanitize_owned(answer.url),
        }
    }

    /// `aweme_id` when it is a real ID, else the first address that names a video.
    fn video_id(&self) -> Option<VideoId> {
        let id = self.aweme_id.trim();
        let real = id.bytes().all(|b| b.is_ascii_digit()) && id.bytes().any(|b| b != b'0');
        let direct = real.then(|| VideoId::parse(id).ok()).flatten();
        direct.or_else(|| self.addresses().find_map(video_id_from_url))
    }

    /// The addresses the answer holds, the redirect target first.
    fn addresses(&self) -> impl Iterator<Item = &str> {
        [&self.redirect_url, &self.redirect_url_camel, &self.url]
            .into_iter()
            .map(|address| address.trim())
            .filter(|address| !address.is_empty())
    }
}

/// A profile answer: only the user matters.
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireProfile<'a> {
    #[serde(borrow, deserialize_with = "lenient::object")]
    user: Option<WireUser<'a>>,
}

/// One comment or reply: the two share their shape, with a few fields of their own.
#[serde_as]
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireItem<'a> {
    #[serde(borrow, deserialize_with = "lenient::text")]
    cid: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    text: Cow<'a, str>,
    #[serde(deserialize_with = "lenient::number")]
    create_time: i64,
    #[serde(deserialize_with = "lenient::number")]
    digg_count: u64,
    #[serde(deserialize_with = "lenient::flag")]
    is_author_digged: bool,
    #[serde_as(as = "List")]
    label_list: Vec<WireLabel>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    label_text: Cow<'a, str>,
    #[serde(deserialize_with = "lenient::flag")]
    is_hot: bool,
    #[serde(deserialize_with = "lenient::flag")]
    is_folded: bool,
    #[serde(borrow, deserialize_with = "lenient::text")]
    ip_label: Cow<'a, str>,
    #[serde_as(as = "List")]
    image_list: Vec<WireImage>,
    #[serde_as(as = "Object")]
    sticker: Option<WireSticker>,
    #[serde_as(as = "List")]
    text_extra: Vec<WireTextExtra>,
    #[serde(borrow, deserialize_with = "lenient::object")]
    user: Option<WireUser<'a>>,
    // Replies only.
    #[serde(borrow, deserialize_with = "lenient::text")]
    reply_to_reply_id: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    reply_to_username: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    reply_to_userid: Cow<'a, str>,
    // Top-level comments only.
    #[serde(borrow, deserialize_with = "lenient::text")]
    aweme_id: Cow<'a, str>,
    #[serde(deserialize_with = "lenient::number")]
    reply_comment_total: u64,
    #[serde(deserialize_with = "lenient::number")]
    stick_position: i64,
}

/// Only whether there is one matters.
#[derive(Deserialize)]
struct WireSticker {}

#[serde_as]
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireLabel {
    #[serde(deserialize_with = "lenient::number")]
    #[serde(rename = "type")]
    kind: i64,
    #[serde(deserialize_with = "lenient::string")]
    text: String,
}

#[serde_as]
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireTextExtra {
    #[serde(deserialize_with = "lenient::number")]
    #[serde(rename = "type")]
    kind: i64,
    #[serde(deserialize_with = "lenient::string")]
    hashtag_name: String,
}

#[serde_as]
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireImage {
    #[serde_as(as = "Object")]
    origin_url: Option<WireUrls>,
}

#[serde_as]
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireUrls {
    #[serde_as(as = "List")]
    url_list: Vec<String>,
}

#[serde_as]
#[derive(Deserialize, Default)]
#[serde(default)]
struct WireUser<'a> {
    #[serde(borrow, deserialize_with = "lenient::text")]
    uid: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    short_id: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    unique_id: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    sec_uid: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    nickname: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    signature: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    region: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    custom_verify: Cow<'a, str>,
    #[serde(borrow, deserialize_with = "lenient::text")]
    enterprise_verify_reason: Cow<'a, str>,
    #[serde(deserialize_with = "lenient::number")]
    follower_count: u64,
    #[serde(deserialize_with = "lenient::number")]
    following_count: u64,
    #[serde(deserialize_with = "lenient::number")]
    total_favorited: u64,
    #[serde(deserialize_with = "lenient::number")]
    aweme_count: u64,
    // Full profiles only.
    #[serde(borrow, deserialize_with = "lenient::text")]
    ip_location: Cow<'a, str>,
    #[serde(deserialize_with = "lenient::number")]
    gender: i64,
    #[serde(deserialize_with = "lenient::number")]
    user_age: i64,
    #[serde(deserialize_with = "lenient::flag")]
    secret: bool,
}

/// Sanitized and stored (boxed, or in place when short): the one way a string from the
/// service enters the model. Clean text is copied once, from the input, or not at all.
fn clean<T: From<String> + for<'s> From<&'s str>>(raw: Cow<'_, str>) -> T {
    match sanitize_cow(raw) {
        Cow::Borrowed(text) => T::from(text),
        Cow::Owned(text) => T::from(text),
    }
}

fn clean_all(raw: impl IntoIterator<Item = String>) -> Rare<Box<str>> {
    raw.into_iter()
        .map(|text| clean(Cow::Owned(text)))
        .collect()
}

impl WireItem<'_> {
    fn into_reply(mut self) -> Reply {
        let cid: Short<23> = clean(std::mem::take(&mut self.reply_to_reply_id));
        let reply_to = ReplyTo {
            cid: Some(cid).filter(|id| !id.is_empty() && &**id != "0"),
            name: clean(std::mem::take(&mut self.reply_to_username)),
            uid: clean(std::mem::take(&mut self.reply_to_userid)),
        };
        Reply {
            reply_to: reply_to.into(),
            post: self.into_post(),
        }
    }

    fn into_comment(mut self) -> Comment {
        let aweme_id = clean(std::mem::take(&mut self.aweme_id));
        Comment {
            aweme_id,
            reply_total: self.reply_comment_total,
            pinned: self.stick_position != 0,
            post: self.into_post(),
        }
    }

    fn into_post(self) -> Post {
        let author_liked =
            self.is_author_digged || self.label_list.iter().any(|l| l.kind == LABEL_AUTHOR_LIKED);
        let labels = self
            .label_list
            .into_iter()
            .map(|l| l.text)
            .filter(|t| !t.is_empty());
        let images = self.image_list.into_iter().map(|image| {
            image
                .origin_url
                .and_then(|u| u.url_list.into_iter().next())
                .unwrap_or_default()
        });
        let hashtags = self
            .text_extra
            .into_iter()
            .filter(|extra| extra.kind == 1 && !extra.hashtag_name.is_empty())
            .map(|extra| extra.hashtag_name);
        let ip_label: Short<15> = clean(self.ip_label);
        Post {
            cid: clean(self.cid),
            text: clean(self.text),
            create_time: self.create_time,
            digg_count: self.digg_count,
            author_liked,
            by_video_author: self.label_text == "作者",
            is_hot: self.is_hot,
            is_folded: self.is_folded,
            has_sticker: self.sticker.is_some(),
            labels: clean_all(labels),
            ip_label: (!ip_label.is_empty()).then_some(ip_label),
            images: clean_all(images),
            hashtags: clean_all(hashtags),
            author: self.user.map(WireUser::into_author).unwrap_or_default(),
        }
    }
}

impl WireUser<'_> {
    fn into_profile(mut self) -> Profile {
        let ip_location: Box<str> = clean(std::mem::take(&mut self.ip_location));
        let gender = match self.gender {
            1 => Some(Gender::Male),
            2 => Some(Gender::Female),
            _ => None,
        };
        Profile {
            ip_location: (!ip_location.is_empty()).then_some(ip_location),
            gender,
            age: u32::try_from(self.user_age)
                .ok()
                .filter(|age| PLAUSIBLE_AGES.contains(age)),
            is_private: self.secret,
            user: self.into_author(),
        }
    }

    fn into_author(self) -> Author {
        let verification = match self.custom_verify.is_empty() {
            true => self.enterprise_verify_reason,
            false => self.custom_verify,
        };
        Author {
            uid: clean(self.uid),
            short_id: clean(self.short_id),
            unique_id: clean(self.unique_id),
            sec_uid: clean(self.sec_uid),
            nickname: clean(self.nickname),
            region: clean(self.region),
            about: About {
                signature: clean(self.signature),
                verification: clean(verification),
                counts: Counts {
                    follower_count: self.follower_count,
                    following_count: self.following_count,
                    total_favorited: self.total_favorited,
                    aweme_count: self.aweme_count,
                },
            }
            .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with(replies: &str) -> String {
        format!(r#"{{"code":0,"data":{{"comments":[{replies}],"has_more":1}}}}"#)
    }

    fn first_reply(body: &str) -> Reply {
        decode_replies(body.as_bytes()).unwrap().items.remove(0)
    }

    #[test]
    fn the_recorded_pages_are_read_in_one_pass_and_agree_with_the_careful_way() {
        for body in [
            &include_bytes!("../../tests/fixtures/get-video-sub-comment-v1.json")[..],
            include_bytes!("../../tests/fixtures/get-video-comment-v1.json"),
            page_with(r#"{"cid":7,"digg_count":"12","user":null,"image_list":null},"x",null,3"#)
                .as_bytes(),
        ] {
            let envelope = read_in_one_pass(body).expect("one pass reads it");
            assert!(envelope.data.is_some_and(|page| !page.comments.is_empty()));
            assert_eq!(decode_replies(body), decode_replies_carefully(body));
        }
    }

    #[test]
    fn what_one_pass_leaves_is_read_the_careful_way() {
        for body in [
            page_with(r#"{"cid":"1","cid":"1"},{"cid":"2"}"#),
            page_with(r#"{"cid":"2","user":{"uid":"u","uid":"v"}},{"cid":"3"}"#),
            page_with(r#"["9"],{"cid":"3"}"#),
            r#"{"code":0,"code":0,"data":{}}"#.to_owned(),
            r#"{"code":0,"data":{"comments":[],"comments":[]}}"#.to_owned(),
            r#"{"code":0,"data":[{"cid":"1"}]}"#.to_owned(),
            r#"{"code":0,"data":{}} trailing"#.to_owned(),
        ] {
            assert!(read_in_one_pass(body.as_bytes()).is_none(), "{body}");
            assert_eq!(
                decode_replies(body.as_bytes()),
                decode_replies_carefully(body.as_bytes()),
                "{body}"
            );
        }
        let not_utf8 = b"{\"code\":0,\"data\":{\"comments\":[{\"cid\":\"1\",\"x\":\"\xff\"}]}}";
        assert!(read_in_one_pass(not_utf8).is_none());
        assert_eq!(decode_replies(not_utf8), decode_replies_carefully(not_utf8));
    }

    /// A forgiving field forgives a value of the wrong type, never bytes that are not JSON:
    /// in one pass a swallowed syntax error left the reader inside the bad token, and the
    /// page was accepted there and refused the careful way (found by fuzzing).
    #[test]
    fn a_forgiving_field_does_not_forgive_bytes_that_are_not_json() {
        for body in [
            page_with(r#"{"cid":"1","image_list":nuld}"#),
            page_with(r#"{"cid":"1","label_list":[{"type":20,"text":"x"}],"text_extra":tru}"#),
            page_with(r#"{"cid":"1","sticker":nul}"#),
            page_with(r#"{"cid":"1","image_list":[{"origin_url":fals}]}"#),
            r#"{"code":0,"data":{"comments":[{"cid":"1"}],"total":nul}}"#.to_owned(),
            r#"{"code":nul,"data":{"comments":[{"cid":"1"}]}}"#.to_owned(),
        ] {
            assert!(read_in_one_pass(body.as_bytes()).is_none(), "{body}");
            let decoded = decode_replies(body.as_bytes());
            assert!(
                matches!(decoded, Err(ApiError::NotUnderstood { .. })),
                "{body}: {decoded:?}"
            );
            assert_eq!(decoded, decode_replies_carefully(body.as_bytes()), "{body}");
        }
        // The wrong type, well formed, is still forgiven.
        let odd = page_with(r#"{"cid":"1","image_list":{"x":1},"sticker":"s","label_list":7}"#);
        assert!(read_in_one_pass(odd.as_bytes()).is_some());
        assert_eq!(first_reply(&odd).post.cid.as_str(), "1");
    }

    #[test]
    fn numeric_ids_and_nulls_decode() {
        let body = page_with(
            r#"{"cid":7301000000000000123,"text":null,"user":null,"label_list":null,
               "text_extra":null,"image_list":null,"digg_count":"12","is_hot":1}"#,
        );
        let page = decode_replies(body.as_bytes()).unwrap();
        let reply = &page.items[0];
        assert_eq!(&*reply.post.cid, "7301000000000000123");
        assert_eq!(reply.post.digg_count, 12);
        assert!(reply.post.is_hot);
        assert!(reply.post.author.is_unknown());
        assert!(page.has_more);
    }

    #[test]
    fn hostile_text_is_sanitized_at_decode() {
        let reply = first_reply(&page_with(
            r#"{"cid":"1","text":"\u001b[2Jhi\u009b1m","user":{"nickname":"\u202eevil"}}"#,
        ));
        assert_eq!(&*reply.post.text, "hi");
        assert_eq!(&*reply.post.author.nickname, "evil");
    }

    #[test]
    fn comments_null_is_an_empty_page() {
        let page = decode_replies(br#"{"code":0,"data":{"comments":null,"has_more":0}}"#).unwrap();
        assert!(page.items.is_empty());
        assert!(!page.has_more);
    }

    #[test]
    fn replies_without_a_cid_are_dropped_and_odd_elements_skipped() {
        let body = page_with(r#"{"text":"no id"},"not an object",{"cid":"2"},7,null"#);
        let page = decode_replies(body.as_bytes()).unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(&*page.items[0].post.cid, "2");
    }

    #[test]
    fn an_element_that_cannot_decode_costs_only_itself() {
        let body = page_with(
            r#"{"cid":"1","cid":"1"},{"cid":"2","user":{"uid":"u","uid":"v"}},{"cid":"3"}"#,
        );
        let cids: Vec<String> = decode_replies(body.as_bytes())
            .unwrap()
            .items
            .iter()
            .map(|r| r.post.cid.to_string())
            .collect();
        assert_eq!(cids, ["3"], "duplicate keys spoil their element only");
    }

    #[test]
    fn fields_of_the_wrong_shape_become_defaults() {
        let reply = first_reply(&page_with(
            r#"{"cid":"1","digg_count":{"a":1},"create_time":"x","label_list":"no",
               "image_list":{"x":1},"user":"nobody","is_folded":"true","reply_to_reply_id":0}"#,
        ));
        assert_eq!(reply.post.digg_count, 0);
        assert_eq!(reply.post.create_time, 0);
        assert!(reply.post.labels.is_empty() && reply.post.images.is_empty());
        assert!(reply.post.author.is_unknown());
        assert!(reply.post.is_folded);
        assert!(!reply.answers_reply(), "0 means it answers the comment");
    }

    #[test]
    fn author_liked_comes_from_flag_or_label() {
        let by_label = first_reply(&page_with(
            r#"{"cid":"1","label_list":[{"type":20,"text":"作者赞过"}]}"#,
        ));
        assert!(by_label.post.author_liked);
        assert_eq!(&*by_label.post.labels, [Box::from("作者赞过")]);
        let by_flag = first_reply(&page_with(r#"{"cid":"1","is_author_digged":true}"#));
        assert!(by_flag.post.author_liked);
        let neither = first_reply(&page_with(
            r#"{"cid":"1","label_list":[{"type":1,"text":"x"}]}"#,
        ));
        assert!(!neither.post.author_liked);
    }

    #[test]
    fn comment_fields_decode_for_the_comments_level() {
        let body = page_with(
            r#"{"cid":"9","aweme_id":7588740680004963593,"reply_comment_total":"57","stick_position":1}"#,
        );
        let comment = decode_comments(body.as_bytes()).unwrap().items.remove(0);
        assert_eq!(&*comment.aweme_id, "7588740680004963593");
        assert_eq!(comment.reply_total, 57);
        assert!(comment.pinned);
    }

    #[test]
    fn business_codes_decide_even_with_data() {
        let err = decode_replies(br#"{"code":303,"message":"Daily Quota Exceeded","data":null}"#);
        assert_eq!(err, Err(ApiError::DailyQuota));
        let err = decode_replies(br#"{"code":"601","data":{}}"#);
        assert_eq!(err, Err(ApiError::InsufficientBalance));
    }

    #[test]
    fn a_huge_server_message_is_cut_at_decode() {
        let body = format!(r#"{{"code":602,"message":"{}"}}"#, "x".repeat(200_000));
        let err = decode_replies(body.as_bytes()).unwrap_err();
        assert!(err.to_string().len() < 1_000, "{}", err.to_string().len());
    }

    #[test]
    fn unreadable_bodies_say_why() {
        let html = decode_replies(b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
        assert!(html.to_string().contains("HTML page"), "{html}");
        let cut = decode_replies(br#"{"code":0,"data":{"comm"#).unwrap_err();
        assert!(cut.to_string().contains("cut off"), "{cut}");
        let empty = decode_replies(b"").unwrap_err();
        assert!(empty.to_string().contains("empty body"), "{empty}");
        let no_code = decode_replies(br#"{"data":{}}"#).unwrap_err();
        assert!(matches!(no_code, ApiError::NotUnderstood { .. }));
        let no_page = decode_replies(br#"{"code":0,"data":[1]}"#).unwrap_err();
        assert!(no_page.to_string().contains("without a page"), "{no_page}");
    }
}
