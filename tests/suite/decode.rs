//! The vendor's sample answers, and variants of them, through the decoders.

use douyin_threads::VideoId;
use douyin_threads::api::{
    ApiError, Counts, Endpoint, Gender, decode_comments, decode_profile, decode_replies,
    decode_share,
};
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
    let page = decode_replies(&fixture("get-video-sub-comment-v1.json")).unwrap();
    assert!(page.has_more);
    assert_eq!(page.total, Some(117));
    assert_eq!(page.items.len(), 1);

    let reply = &page.items[0];
    let post = &reply.post;
    assert_eq!(&*post.cid, "7251536675678782265");
    assert_eq!(&*post.text, "兄弟那你得多补补橱窗牡蛎精安排吧[暗中观察]");
    assert_eq!(post.create_time, 1_688_379_962);
    assert_eq!(post.digg_count, 23);
    assert_eq!(reply.reply_to_cid(), Some("7251535176281932602"));
    assert!(reply.answers_reply());
    assert_eq!(reply.reply_to_name(), "小虎");
    assert_eq!(reply.reply_to_uid(), "63868108170");
    assert!(post.author_liked);
    assert_eq!(&*post.labels, [Box::from("作者赞过")]);
    assert!(!post.by_video_author);
    assert!(!post.is_hot && !post.is_folded);
    assert_eq!(post.ip_label, None);
    assert!(post.images.is_empty());
    assert!(!post.has_sticker);
    assert!(post.hashtags.is_empty());

    let author = &post.author;
    assert_eq!(&*author.uid, "74470874573");
    assert_eq!(&*author.short_id, "115170456");
    assert_eq!(&*author.unique_id, "GMJ_1116");
    assert_eq!(author.douyin_id(), Some("GMJ_1116"));
    assert_eq!(&*author.nickname, "史密斯夫妇💑");
    assert_eq!(
        &*author.sec_uid,
        "MS4wLjABAAAA6KxayaNDf8hvL5Nti7fsnlJIMQRpUQQexZGW8GTIgqk"
    );
    assert_eq!(
        author.profile_url().as_deref(),
        Some("https://www.douyin.com/user/MS4wLjABAAAA6KxayaNDf8hvL5Nti7fsnlJIMQRpUQQexZGW8GTIgqk")
    );
    assert_eq!(&*author.region, "CN");
    assert_eq!(author.verification(), None);
    assert_eq!(author.signature(), "");
    assert_eq!(author.counts(), Counts::default(), "embedded counts are 0");
    assert!(
        author.about.get().is_none(),
        "what the service leaves empty takes no box"
    );
}

#[test]
fn the_top_level_comment_sample_decodes_as_a_comment() {
    let page = decode_comments(&fixture("get-video-comment-v1.json")).unwrap();
    assert!(page.has_more);
    assert_eq!(page.total, Some(746));
    assert_eq!(page.items.len(), 1);
    let comment = &page.items[0];
    assert_eq!(&*comment.post.cid, "7610966321379246906");
    assert_eq!(&*comment.post.text, "买黄金");
    assert_eq!(&*comment.aweme_id, "7588740680004963593");
    assert_eq!(comment.post.create_time, 1_772_066_189);
    assert_eq!(comment.reply_total, 0, "nothing to fetch under it");
    assert!(!comment.pinned);
    assert!(comment.post.labels.is_empty() && !comment.post.author_liked);
    assert_eq!(&*comment.post.author.nickname, "雨雨在摸鱼");
    assert_eq!(comment.post.author.douyin_id(), Some("72369325753"));
}

#[test]
fn the_user_detail_sample_is_an_empty_last_page_not_a_panic() {
    // Another endpoint's answer (a profile, no `comments`): if a base URL or a proxy ever
    // serves it here, it must read as "nothing more", never as replies or a crash.
    let page = decode_replies(&fixture("get-user-detail-v3.json")).unwrap();
    assert!(page.items.is_empty());
    assert!(!page.has_more);
}

#[test]
fn nulls_numeric_ids_and_stray_elements_decode() {
    let page = decode_replies(&fixture("sub-comment-nulls.json")).unwrap();
    assert_eq!(
        page.items.len(),
        2,
        "the null element and the reply without a cid are dropped"
    );
    assert!(!page.has_more);
    assert_eq!(page.total, None);

    let first = &page.items[0];
    assert_eq!(&*first.post.cid, "7251536675678782265");
    assert_eq!(
        first.reply_to_cid(),
        None,
        "\"0\" answers the comment itself"
    );
    assert_eq!(first.post.create_time, 1_688_379_962);
    assert_eq!((&*first.post.text, first.post.digg_count), ("", 0));
    assert!(!first.post.author_liked && !first.post.has_sticker);
    assert_eq!(&*first.post.author.nickname, "");

    let second = &page.items[1];
    assert_eq!(&*second.post.author.uid, "74470874573");
    assert_eq!(
        second.post.author.douyin_id(),
        None,
        "short_id 0 and an empty unique_id are no ID"
    );
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
    let reply = &decode_replies(&body).unwrap().items[0];
    assert_eq!(&*reply.post.cid, "7251536675678782265");
    assert_eq!(&*reply.post.text, "");
    assert_eq!(reply.reply_to_name(), "");
    assert!(!reply.post.author_liked);
    assert_eq!(reply.post.digg_count, 0);
    assert!(reply.post.author.is_unknown());
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
    let reply = &decode_replies(&body).unwrap().items[0];
    assert_eq!(&*reply.post.cid, "7251536675678782265");
    assert_eq!(
        (reply.post.digg_count, reply.post.create_time),
        (23, 1_688_379_962)
    );
    assert_eq!(&*reply.post.author.uid, "74470874573");
    assert_eq!(&*reply.post.author.short_id, "115170456");
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
    let reply = &decode_replies(&body).unwrap().items[0];
    assert_eq!(
        &*reply.post.text,
        "兄弟那你得多补补橱窗牡蛎精安排吧[暗中观察]"
    );
    assert!(reply.post.labels.is_empty());
    assert_eq!(&*reply.post.author.nickname, "");
    assert_eq!(&*reply.post.images, [Box::from("https://x/1.jpg")]);
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
            matches!(decode_replies(body), Err(ApiError::NotUnderstood { .. })),
            "{body:?}"
        );
    }
    // A page with no `comments` key is an empty page.
    let page = decode_replies(br#"{"code":0,"data":{"has_more":0}}"#).unwrap();
    assert!(page.items.is_empty());
    // Codes as strings still decide.
    assert_eq!(
        decode_replies(br#"{"code":"100","data":null}"#),
        Err(ApiError::InvalidToken)
    );
}

#[test]
fn the_user_detail_sample_decodes_to_its_full_profile() {
    let profile = decode_profile(&fixture("get-user-detail-v3.json")).unwrap();
    let user = &profile.user;
    assert_eq!(&*user.uid, "2483133812581103");
    assert_eq!(
        &*user.sec_uid,
        "MS4wLjABAAAAV0pW9WMKqO7LgvttqNA92O3Fsppnnwkh6vvs9Z9zPhMkQ6GPEi-at60BulpmZYnm"
    );
    assert_eq!(user.douyin_id(), Some("24860150964"));
    assert_eq!(&*user.short_id, "0");
    assert_eq!(&*user.nickname, "欧态官方旗舰店小K甄选");
    assert!(
        user.signature()
            .starts_with("【便宜】【好用】【准确度高】\n"),
        "{}",
        user.signature()
    );
    assert_eq!(user.verification(), Some("店铺授权号"));
    assert_eq!(
        user.counts(),
        Counts {
            follower_count: 16322,
            following_count: 30,
            total_favorited: 12321,
            aweme_count: 643
        }
    );
    assert_eq!(profile.ip_location.as_deref(), Some("IP属地：浙江"));
    assert_eq!(profile.gender, Some(Gender::Female));
    assert_eq!(profile.age, Some(28));
    assert!(!profile.is_private);
}

#[test]
fn profile_fields_that_say_nothing_are_none_and_strings_are_sanitized() {
    let body = json!({"code": 0, "data": {"user": {
        "uid": 1, "nickname": "\u{1b}]0;pwned\u{7}\u{202e}name", "ip_location": "",
        "gender": 0, "user_age": -1, "secret": 1, "follower_count": "12"
    }}});
    let profile = decode_profile(&serde_json::to_vec(&body).unwrap()).unwrap();
    assert_eq!(&*profile.user.nickname, "name");
    assert_eq!(&*profile.user.uid, "1");
    assert_eq!(profile.user.counts().follower_count, 12);
    assert_eq!(
        (profile.ip_location, profile.gender, profile.age),
        (None, None, None)
    );
    assert!(profile.is_private);
}

#[test]
fn a_profile_answer_without_a_user_is_not_understood() {
    for data in [
        json!(null),
        json!({}),
        json!({"user": null}),
        json!({"user": {}}),
        json!([1]),
    ] {
        let body = serde_json::to_vec(&json!({"code": 0, "data": data})).unwrap();
        let err = decode_profile(&body).unwrap_err();
        assert!(
            matches!(err, ApiError::NotUnderstood { .. }),
            "{data}: {err:?}"
        );
    }
}

fn share_answer(data: Value) -> Result<VideoId, ApiError> {
    decode_share(
        &serde_json::to_vec(&json!({"code": 0, "message": "success", "data": data})).unwrap(),
    )
}

#[test]
fn a_share_answer_gives_its_video_in_every_known_shape() {
    let id = VideoId::parse("7300000000000000001").unwrap();
    let video = "https://www.iesdouyin.com/share/video/7300000000000000001/?region=CN&mid=1";
    for data in [
        json!(video),
        json!("https://www.douyin.com/video/7300000000000000001?previous_page=app_code_link"),
        json!({ "redirect_url": video }),
        json!({ "redirectUrl": video }),
        json!({ "url": video }),
        json!({ "aweme_id": "7300000000000000001", "url": "https://v.douyin.com/iAbCdEf/" }),
        json!({ "aweme_id": 7300000000000000001_u64 }),
        json!({ "aweme_id": "", "redirect_url": "www.iesdouyin.com/share/note/7300000000000000001" }),
        json!({ "aweme_id": "0", "url": video }),
    ] {
        assert_eq!(share_answer(data.clone()), Ok(id.clone()), "{data}");
    }
}

#[test]
fn a_share_answer_leading_elsewhere_says_where_without_its_query() {
    for data in [
        json!("https://www.iesdouyin.com/share/user/MS4wLjABAAAA?sec_uid=MS4wLjABAAAA&did=9"),
        json!({ "redirect_url": "https://www.douyin.com/user/MS4wLjABAAAA" }),
        json!({ "url": "https://live.douyin.com/123456" }),
    ] {
        let err = share_answer(data.clone()).unwrap_err();
        let ApiError::NotAVideo { leads_to } = &err else {
            panic!("{data}: {err:?}")
        };
        assert!(!leads_to.contains('?'), "{leads_to}");
        assert!(err.to_string().contains("not a video"), "{err}");
    }
}

#[test]
fn share_answers_of_no_known_shape_are_not_understood() {
    for data in [
        json!(null),
        json!(7300000000000000001_u64),
        json!([video_url()]),
        json!({}),
        json!(""),
        json!("not an address"),
        json!({ "aweme_id": "abc", "url": null }),
        json!({ "url": { "nested": video_url() } }),
        json!(true),
    ] {
        let err = share_answer(data.clone()).unwrap_err();
        assert!(
            matches!(err, ApiError::NotUnderstood { .. }),
            "{data}: {err:?}"
        );
    }
}

fn video_url() -> &'static str {
    "https://www.douyin.com/video/7300000000000000001"
}

#[test]
fn code_400_names_what_each_decoder_sent() {
    let body = br#"{"code":400,"message":"Invalid Parameters","data":null}"#;
    let rejected = |endpoint| ApiError::InvalidParameters { endpoint };
    assert_eq!(decode_replies(body), Err(rejected(Endpoint::Replies)));
    assert_eq!(decode_comments(body), Err(rejected(Endpoint::Comments)));
    assert_eq!(decode_share(body), Err(rejected(Endpoint::ShareLink)));
    assert_eq!(decode_profile(body), Err(rejected(Endpoint::Profile)));
}
