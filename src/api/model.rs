//! A replies page as the program uses it, and the lenient decoder that builds it.
//!
//! The service's reply objects carry hundreds of fields; only the ones shown are decoded,
//! every one optional, and every string is sanitized here, once, before anything else
//! can see it.

use super::error::ApiError;
use super::lenient;
use crate::text::sanitize;
use serde::Deserialize;

/// Douyin's `label_list` type for the "liked by the author" label (作者赞过).
pub const LABEL_AUTHOR_LIKED: i64 = 20;

/// One page of replies under a top-level comment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThreadPage {
    pub replies: Vec<Reply>,
    /// The service's word that another page exists. It can lie; see `thread`.
    pub has_more: bool,
    pub cursor: Option<u64>,
    /// Replies the service counts under the comment; some may be hidden and unfetchable.
    pub total: Option<u64>,
}

/// One reply (a level-2 comment).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub cid: String,
    pub text: String,
    /// Unix seconds.
    pub create_time: i64,
    pub digg_count: u64,
    /// The top-level comment this reply sits under.
    pub reply_id: String,
    /// The reply this one answers, or "0" when it answers the top-level comment.
    pub reply_to_reply_id: String,
    pub reply_to_username: String,
    pub reply_to_userid: String,
    pub reply_to_user_sec_id: String,
    /// Liked by the video's author (作者赞过).
    pub is_author_digged: bool,
    pub labels: Vec<Label>,
    /// "作者" when the video's author wrote this reply.
    pub label_text: String,
    pub is_hot: bool,
    pub is_folded: bool,
    pub level: i64,
    pub ip_label: Option<String>,
    /// Pictures in the reply: the first URL given for each (may be empty if none was).
    pub images: Vec<String>,
    pub has_sticker: bool,
    pub mentions: Vec<Mention>,
    pub hashtags: Vec<String>,
    pub author: Author,
}

/// A label Douyin shows on a reply, e.g. type 20 "作者赞过".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Label {
    pub kind: i64,
    pub text: String,
}

/// An @mention inside a reply's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mention {
    pub user_id: String,
    pub sec_uid: String,
    pub start: u64,
    pub end: u64,
}

/// The person who wrote a reply, as embedded in it (counts are often 0 there).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Author {
    pub uid: String,
    pub short_id: String,
    pub unique_id: String,
    pub sec_uid: String,
    pub nickname: String,
    pub signature: String,
    pub region: String,
    pub is_verified: bool,
    pub custom_verify: String,
    pub enterprise_verify_reason: String,
    pub follower_count: u64,
    pub following_count: u64,
    pub total_favorited: u64,
    pub aweme_count: u64,
    pub avatar_thumb: Option<String>,
}

impl Reply {
    /// Liked by the video's author, by either of the two ways the service says so.
    pub fn author_liked(&self) -> bool {
        self.is_author_digged || self.labels.iter().any(|l| l.kind == LABEL_AUTHOR_LIKED)
    }

    /// Written by the video's author.
    pub fn by_video_author(&self) -> bool {
        self.label_text == "作者"
    }

    /// Answers another reply rather than the top-level comment.
    pub fn answers_reply(&self) -> bool {
        !self.reply_to_reply_id.is_empty() && self.reply_to_reply_id != "0"
    }
}

impl Author {
    /// The Douyin ID people search for: `unique_id`, else `short_id` (which may be "0").
    pub fn douyin_id(&self) -> Option<&str> {
        [&self.unique_id, &self.short_id]
            .into_iter()
            .find(|id| !id.is_empty() && *id != "0")
            .map(String::as_str)
    }

    /// The profile page on douyin.com.
    pub fn profile_url(&self) -> Option<String> {
        (!self.sec_uid.is_empty()).then(|| format!("https://www.douyin.com/user/{}", self.sec_uid))
    }

    /// What the verification says, if anything.
    pub fn verification(&self) -> Option<&str> {
        [&self.custom_verify, &self.enterprise_verify_reason]
            .into_iter()
            .find(|t| !t.is_empty())
            .map(String::as_str)
    }
}

/// Decodes a whole response body. The JSON `code` decides, whatever the HTTP status was:
/// 0 is a page, anything else is the matching [`ApiError`].
pub fn decode_page(body: &[u8]) -> Result<ThreadPage, ApiError> {
    let envelope: RawEnvelope =
        serde_json::from_slice(body).map_err(|e| not_understood(body, &e))?;
    let Some(code) = envelope.code else {
        return Err(ApiError::NotUnderstood {
            detail: "no business code in the answer".into(),
        });
    };
    if code != 0 {
        return Err(ApiError::from_code(code, &sanitize(&envelope.message)));
    }
    let data = match envelope.data {
        Some(data @ serde_json::Value::Object(_)) => data,
        _ => {
            return Err(ApiError::NotUnderstood {
                detail: "success without a page".into(),
            });
        }
    };
    let raw = RawPage::deserialize(data).map_err(|e| ApiError::NotUnderstood {
        detail: format!("page shape: {e}"),
    })?;
    Ok(raw.into_page())
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

#[derive(Deserialize)]
struct RawEnvelope {
    #[serde(default, deserialize_with = "opt_code")]
    code: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    message: String,
    #[serde(default)]
    data: Option<serde_json::Value>,
}

fn opt_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

#[derive(Deserialize)]
struct RawPage {
    #[serde(default, deserialize_with = "lenient::list")]
    comments: Vec<RawReply>,
    #[serde(default, deserialize_with = "lenient::flag")]
    has_more: bool,
    #[serde(default, deserialize_with = "opt_count")]
    cursor: Option<u64>,
    #[serde(default, deserialize_with = "opt_count")]
    total: Option<u64>,
}

fn opt_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

impl RawPage {
    fn into_page(self) -> ThreadPage {
        ThreadPage {
            replies: self
                .comments
                .into_iter()
                .map(RawReply::into_reply)
                .filter(|r| !r.cid.is_empty())
                .collect(),
            has_more: self.has_more,
            cursor: self.cursor,
            total: self.total,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawReply {
    #[serde(deserialize_with = "lenient::string")]
    cid: String,
    #[serde(deserialize_with = "lenient::string")]
    text: String,
    #[serde(deserialize_with = "lenient::int")]
    create_time: i64,
    #[serde(deserialize_with = "lenient::count")]
    digg_count: u64,
    #[serde(deserialize_with = "lenient::string")]
    reply_id: String,
    #[serde(deserialize_with = "lenient::string")]
    reply_to_reply_id: String,
    #[serde(deserialize_with = "lenient::string")]
    reply_to_username: String,
    #[serde(deserialize_with = "lenient::string")]
    reply_to_userid: String,
    #[serde(deserialize_with = "lenient::string")]
    reply_to_user_sec_id: String,
    #[serde(deserialize_with = "lenient::flag")]
    is_author_digged: bool,
    #[serde(deserialize_with = "lenient::list")]
    label_list: Vec<RawLabel>,
    #[serde(deserialize_with = "lenient::string")]
    label_text: String,
    #[serde(deserialize_with = "lenient::flag")]
    is_hot: bool,
    #[serde(deserialize_with = "lenient::flag")]
    is_folded: bool,
    #[serde(deserialize_with = "lenient::int")]
    level: i64,
    #[serde(deserialize_with = "lenient::opt_string")]
    ip_label: Option<String>,
    #[serde(deserialize_with = "lenient::list")]
    image_list: Vec<RawReplyImage>,
    #[serde(deserialize_with = "lenient::object")]
    sticker: Option<serde_json::Value>,
    #[serde(deserialize_with = "lenient::list")]
    text_extra: Vec<RawTextExtra>,
    #[serde(deserialize_with = "lenient::object")]
    user: Option<RawUser>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLabel {
    #[serde(rename = "type", deserialize_with = "lenient::int")]
    kind: i64,
    #[serde(deserialize_with = "lenient::string")]
    text: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawTextExtra {
    #[serde(rename = "type", deserialize_with = "lenient::int")]
    kind: i64,
    #[serde(deserialize_with = "lenient::string")]
    user_id: String,
    #[serde(deserialize_with = "lenient::string")]
    sec_uid: String,
    #[serde(deserialize_with = "lenient::count")]
    start: u64,
    #[serde(deserialize_with = "lenient::count")]
    end: u64,
    #[serde(deserialize_with = "lenient::string")]
    hashtag_name: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawUser {
    #[serde(deserialize_with = "lenient::string")]
    uid: String,
    #[serde(deserialize_with = "lenient::string")]
    short_id: String,
    #[serde(deserialize_with = "lenient::string")]
    unique_id: String,
    #[serde(deserialize_with = "lenient::string")]
    sec_uid: String,
    #[serde(deserialize_with = "lenient::string")]
    nickname: String,
    #[serde(deserialize_with = "lenient::string")]
    signature: String,
    #[serde(deserialize_with = "lenient::string")]
    region: String,
    #[serde(deserialize_with = "lenient::flag")]
    is_verified: bool,
    #[serde(deserialize_with = "lenient::string")]
    custom_verify: String,
    #[serde(deserialize_with = "lenient::string")]
    enterprise_verify_reason: String,
    #[serde(deserialize_with = "lenient::count")]
    follower_count: u64,
    #[serde(deserialize_with = "lenient::count")]
    following_count: u64,
    #[serde(deserialize_with = "lenient::count")]
    total_favorited: u64,
    #[serde(deserialize_with = "lenient::count")]
    aweme_count: u64,
    #[serde(deserialize_with = "lenient::object")]
    avatar_thumb: Option<RawImage>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawReplyImage {
    #[serde(deserialize_with = "lenient::object")]
    origin_url: Option<RawImage>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawImage {
    #[serde(deserialize_with = "lenient::list")]
    url_list: Vec<String>,
}

impl RawReply {
    fn into_reply(self) -> Reply {
        let (mentions, hashtags) = split_text_extra(self.text_extra);
        Reply {
            cid: sanitize(&self.cid),
            text: sanitize(&self.text),
            create_time: self.create_time,
            digg_count: self.digg_count,
            reply_id: sanitize(&self.reply_id),
            reply_to_reply_id: sanitize(&self.reply_to_reply_id),
            reply_to_username: sanitize(&self.reply_to_username),
            reply_to_userid: sanitize(&self.reply_to_userid),
            reply_to_user_sec_id: sanitize(&self.reply_to_user_sec_id),
            is_author_digged: self.is_author_digged,
            labels: self
                .label_list
                .into_iter()
                .map(|l| Label {
                    kind: l.kind,
                    text: sanitize(&l.text),
                })
                .collect(),
            label_text: sanitize(&self.label_text),
            is_hot: self.is_hot,
            is_folded: self.is_folded,
            level: self.level,
            ip_label: self
                .ip_label
                .map(|s| sanitize(&s))
                .filter(|s| !s.is_empty()),
            images: self
                .image_list
                .into_iter()
                .map(|i| {
                    i.origin_url
                        .and_then(|u| u.url_list.into_iter().next())
                        .map(|u| sanitize(&u))
                        .unwrap_or_default()
                })
                .collect(),
            has_sticker: self.sticker.is_some(),
            mentions,
            hashtags,
            author: self.user.map(RawUser::into_author).unwrap_or_default(),
        }
    }
}

fn split_text_extra(extras: Vec<RawTextExtra>) -> (Vec<Mention>, Vec<String>) {
    let mut mentions = Vec::new();
    let mut hashtags = Vec::new();
    for extra in extras {
        match extra.kind {
            0 => mentions.push(Mention {
                user_id: sanitize(&extra.user_id),
                sec_uid: sanitize(&extra.sec_uid),
                start: extra.start,
                end: extra.end,
            }),
            1 if !extra.hashtag_name.is_empty() => hashtags.push(sanitize(&extra.hashtag_name)),
            _ => {}
        }
    }
    (mentions, hashtags)
}

impl RawUser {
    fn into_author(self) -> Author {
        Author {
            uid: sanitize(&self.uid),
            short_id: sanitize(&self.short_id),
            unique_id: sanitize(&self.unique_id),
            sec_uid: sanitize(&self.sec_uid),
            nickname: sanitize(&self.nickname),
            signature: sanitize(&self.signature),
            region: sanitize(&self.region),
            is_verified: self.is_verified,
            custom_verify: sanitize(&self.custom_verify),
            enterprise_verify_reason: sanitize(&self.enterprise_verify_reason),
            follower_count: self.follower_count,
            following_count: self.following_count,
            total_favorited: self.total_favorited,
            aweme_count: self.aweme_count,
            avatar_thumb: self
                .avatar_thumb
                .and_then(|a| a.url_list.into_iter().next())
                .map(|u| sanitize(&u))
                .filter(|u| !u.is_empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with(comment: &str) -> String {
        format!(
            r#"{{"code":0,"data":{{"comments":[{comment}],"has_more":1,"cursor":10,"total":3}}}}"#
        )
    }

    #[test]
    fn numeric_ids_and_nulls_decode() {
        let body = page_with(
            r#"{"cid":7301000000000000123,"text":null,"user":null,"label_list":null,
               "text_extra":null,"image_list":null,"digg_count":"12","is_hot":1}"#,
        );
        let page = decode_page(body.as_bytes()).unwrap();
        let reply = &page.replies[0];
        assert_eq!(reply.cid, "7301000000000000123");
        assert_eq!(reply.digg_count, 12);
        assert!(reply.is_hot);
        assert_eq!(reply.author, Author::default());
        assert!(page.has_more);
    }

    #[test]
    fn hostile_text_is_sanitized_at_decode() {
        let body = page_with(
            r#"{"cid":"1","text":"\u001b[2Jhi\u009b1m","user":{"nickname":"\u202eevil"}}"#,
        );
        let reply = &decode_page(body.as_bytes()).unwrap().replies[0];
        assert_eq!(reply.text, "hi");
        assert_eq!(reply.author.nickname, "evil");
    }

    #[test]
    fn comments_null_is_an_empty_page() {
        let page = decode_page(br#"{"code":0,"data":{"comments":null,"has_more":0}}"#).unwrap();
        assert!(page.replies.is_empty());
        assert!(!page.has_more);
    }

    #[test]
    fn replies_without_a_cid_are_dropped_and_odd_elements_skipped() {
        let body = page_with(r#"{"text":"no id"},"not an object",{"cid":"2"}"#);
        let page = decode_page(body.as_bytes()).unwrap();
        assert_eq!(page.replies.len(), 1);
        assert_eq!(page.replies[0].cid, "2");
    }

    #[test]
    fn author_liked_comes_from_flag_or_label() {
        let by_label = page_with(r#"{"cid":"1","label_list":[{"type":20,"text":"作者赞过"}]}"#);
        assert!(decode_page(by_label.as_bytes()).unwrap().replies[0].author_liked());
        let by_flag = page_with(r#"{"cid":"1","is_author_digged":true}"#);
        assert!(decode_page(by_flag.as_bytes()).unwrap().replies[0].author_liked());
        let neither = page_with(r#"{"cid":"1","label_list":[{"type":1,"text":"x"}]}"#);
        assert!(!decode_page(neither.as_bytes()).unwrap().replies[0].author_liked());
    }

    #[test]
    fn business_codes_decide_even_with_data() {
        let err = decode_page(br#"{"code":303,"message":"Daily Quota Exceeded","data":null}"#);
        assert_eq!(err, Err(ApiError::DailyQuota));
        let err = decode_page(br#"{"code":"601","data":{}}"#);
        assert_eq!(err, Err(ApiError::InsufficientBalance));
    }

    #[test]
    fn unreadable_bodies_say_why() {
        let html = decode_page(b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
        assert!(html.to_string().contains("HTML page"), "{html}");
        let cut = decode_page(br#"{"code":0,"data":{"comm"#).unwrap_err();
        assert!(cut.to_string().contains("cut off"), "{cut}");
        let empty = decode_page(b"").unwrap_err();
        assert!(empty.to_string().contains("empty body"), "{empty}");
        let no_code = decode_page(br#"{"data":{}}"#).unwrap_err();
        assert!(matches!(no_code, ApiError::NotUnderstood { .. }));
    }

    #[test]
    fn douyin_id_prefers_unique_id_and_skips_zero() {
        let mut a = Author {
            short_id: "0".into(),
            ..Author::default()
        };
        assert_eq!(a.douyin_id(), None);
        a.short_id = "115170456".into();
        assert_eq!(a.douyin_id(), Some("115170456"));
        a.unique_id = "GMJ_1116".into();
        assert_eq!(a.douyin_id(), Some("GMJ_1116"));
    }
}
