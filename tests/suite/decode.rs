//! The vendor's sample answers, and variants of them, through `decode_page`.

use douyin_threads::api::{ApiError, Label, decode_page};
use serde_json::{Value, json};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn sub_comment_sample() -> Value {
    serde_json::from_slice(&fixture("get-video-sub-comment-v1.json")).unwrap()
}

/// The sample with its one reply changed by `edit`.
fn edited_sample(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Vec<u8> {
    let mut body = sub_comment_sample();
    edit(body["data"]["comments"][0].as_object_mut().unwrap());
    serde_json::to_vec(&body).unwrap()
}

#[test]
fn the_sub_comment_sample_decodes_to_exactly_its_values() {
    let page = decode_page(&fixture("get-video-sub-comment-v1.json")).unwrap();
    assert!(page.has_more);
    assert_eq!(page.cursor, Some(10));
    assert_eq!(page.total, Some(117));
    assert_eq!(page.replies.len(), 1);

    let reply = &page.replies[0];
    assert_eq!(reply.cid, "7251536675678782265");
    assert_eq!(reply.text, "兄弟那你得多补补橱窗牡蛎精安排吧[暗中观察]");
    assert_eq!(reply.create_time, 1_688_379_962);
    assert_eq!(reply.digg_count, 23);
    assert_eq!(reply.reply_id, "7251524159191958327");
    assert_eq!(reply.reply_to_reply_id, "7251535176281932602");
    assert!(reply.answers_reply());
    assert_eq!(reply.reply_to_username, "小虎");
    assert_eq!(reply.reply_to_userid, "63868108170");
    assert_eq!(
        reply.reply_to_user_sec_id,
        "MS4wLjABAAAAybe4m-k7fxjK1XQ3SjN3IyECt5Cde__ILrAC79bJSSg"
    );
    assert!(reply.is_author_digged && reply.author_liked());
    assert_eq!(
        reply.labels,
        vec![Label {
            kind: 20,
            text: "作者赞过".into()
        }]
    );
    assert_eq!(reply.label_text, "");
    assert!(!reply.by_video_author());
    assert!(!reply.is_hot && !reply.is_folded);
    assert_eq!(reply.level, 2);
    assert_eq!(reply.ip_label, None);
    assert!(reply.images.is_empty());
    assert!(!reply.has_sticker);
    assert!(reply.mentions.is_empty() && reply.hashtags.is_empty());

    let author = &reply.author;
    assert_eq!(author.uid, "74470874573");
    assert_eq!(author.short_id, "115170456");
    assert_eq!(author.unique_id, "GMJ_1116");
    assert_eq!(author.douyin_id(), Some("GMJ_1116"));
    assert_eq!(author.nickname, "史密斯夫妇💑");
    assert_eq!(
        author.sec_uid,
        "MS4wLjABAAAA6KxayaNDf8hvL5Nti7fsnlJIMQRpUQQexZGW8GTIgqk"
    );
    assert_eq!(
        author.profile_url().as_deref(),
        Some("https://www.douyin.com/user/MS4wLjABAAAA6KxayaNDf8hvL5Nti7fsnlJIMQRpUQQexZGW8GTIgqk")
    );
    assert_eq!(author.region, "CN");
    assert!(author.is_verified);
    assert_eq!(author.verification(), None);
    assert_eq!(
        (
            author.follower_count,
            author.total_favorited,
            author.aweme_count
        ),
        (0, 0, 0)
    );
    let avatar = author.avatar_thumb.as_deref().unwrap();
    assert!(
        avatar.starts_with("https://p26.douyinpic.com/aweme-avatar/"),
        "{avatar}"
    );
}

#[test]
fn the_top_level_comment_sample_decodes_with_the_same_shape() {
    let page = decode_page(&fixture("get-video-comment-v1.json")).unwrap();
    assert!(page.has_more);
    assert_eq!((page.cursor, page.total), (Some(60), Some(746)));
    assert_eq!(page.replies.len(), 1);
    let comment = &page.replies[0];
    assert_eq!(comment.cid, "7610966321379246906");
    assert_eq!(comment.text, "买黄金");
    assert_eq!(comment.level, 1);
    assert_eq!(comment.reply_to_reply_id, "0");
    assert!(!comment.answers_reply());
    assert!(comment.labels.is_empty() && !comment.author_liked());
    assert_eq!(comment.author.nickname, "雨雨在摸鱼");
    assert_eq!(comment.author.douyin_id(), Some("72369325753"));
}

#[test]
fn the_user_detail_sample_is_an_empty_last_page_not_a_panic() {
    // Another endpoint's answer (a profile, no `comments`): if a base URL or a proxy ever
    // serves it here, it must read as "nothing more", never as replies or a crash.
    let page = decode_page(&fixture("get-user-detail-v3.json")).unwrap();
    assert!(page.replies.is_empty());
    assert!(!page.has_more);
}

#[test]
fn nulls_numeric_ids_and_stray_elements_decode() {
    let page = decode_page(&fixture("sub-comment-nulls.json")).unwrap();
    assert_eq!(
        page.replies.len(),
        2,
        "the null element and the reply without a cid are dropped"
    );
    assert!(!page.has_more);
    assert_eq!((page.cursor, page.total), (Some(2), None));

    let first = &page.replies[0];
    assert_eq!(first.cid, "7251536675678782265");
    assert_eq!(first.reply_id, "7251524159191958327");
    assert_eq!(first.reply_to_reply_id, "0");
    assert_eq!(first.create_time, 1_688_379_962);
    assert_eq!((first.text.as_str(), first.digg_count), ("", 0));
    assert!(!first.author_liked() && !first.has_sticker);
    assert_eq!(first.author.nickname, "");

    let second = &page.replies[1];
    assert_eq!(second.author.uid, "74470874573");
    assert_eq!(
        second.author.douyin_id(),
        None,
        "short_id 0 and an empty unique_id are no ID"
    );
    assert_eq!(second.author.avatar_thumb, None);
}

#[test]
fn missing_fields_take_their_defaults() {
    let body = edited_sample(|reply| {
        for key in [
            "text",
            "user",
            "label_list",
            "is_author_digged",
            "digg_count",
            "level",
            "reply_to_username",
        ] {
            reply.remove(key);
        }
    });
    let reply = &decode_page(&body).unwrap().replies[0];
    assert_eq!(reply.cid, "7251536675678782265");
    assert_eq!(reply.text, "");
    assert_eq!(reply.reply_to_username, "");
    assert!(!reply.author_liked());
    assert_eq!((reply.digg_count, reply.level), (0, 0));
    assert_eq!(reply.author.nickname, "");
}

#[test]
fn ids_and_counts_given_as_numbers_or_strings_agree() {
    let body = edited_sample(|reply| {
        reply.insert("cid".into(), json!(7251536675678782265_u64));
        reply.insert("reply_id".into(), json!(7251524159191958327_u64));
        reply.insert("digg_count".into(), json!("23"));
        reply.insert("create_time".into(), json!("1688379962"));
        reply["user"]["uid"] = json!(74470874573_u64);
        reply["user"]["short_id"] = json!(115170456);
    });
    let reply = &decode_page(&body).unwrap().replies[0];
    assert_eq!(reply.cid, "7251536675678782265");
    assert_eq!(reply.reply_id, "7251524159191958327");
    assert_eq!((reply.digg_count, reply.create_time), (23, 1_688_379_962));
    assert_eq!(reply.author.uid, "74470874573");
    assert_eq!(reply.author.short_id, "115170456");
}

#[test]
fn fields_of_the_wrong_shape_cost_only_themselves() {
    let body = edited_sample(|reply| {
        reply.insert("label_list".into(), json!("not a list"));
        reply.insert("user".into(), json!(["not", "an", "object"]));
        reply.insert("text_extra".into(), json!({"type": 0}));
        reply.insert(
            "image_list".into(),
            json!([{"origin_url": {"url_list": ["https://x/1.jpg"]}}]),
        );
    });
    let reply = &decode_page(&body).unwrap().replies[0];
    assert_eq!(reply.text, "兄弟那你得多补补橱窗牡蛎精安排吧[暗中观察]");
    assert!(reply.labels.is_empty());
    assert_eq!(reply.author.nickname, "");
    assert_eq!(reply.images, ["https://x/1.jpg"]);
}

#[test]
fn envelope_oddities_are_handled() {
    // Success with no page, or with a page of another type, is not understood.
    for body in [
        &br#"{"code":0,"data":null}"#[..],
        br#"{"code":0,"data":[1,2]}"#,
        br#"{"code":0}"#,
    ] {
        assert!(
            matches!(decode_page(body), Err(ApiError::NotUnderstood { .. })),
            "{body:?}"
        );
    }
    // A page with no `comments` key is an empty page.
    let page = decode_page(br#"{"code":0,"data":{"has_more":0}}"#).unwrap();
    assert!(page.replies.is_empty());
    // Codes as strings still decide.
    assert_eq!(
        decode_page(br#"{"code":"100","data":null}"#),
        Err(ApiError::InvalidToken)
    );
}
