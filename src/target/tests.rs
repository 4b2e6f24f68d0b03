use super::*;
use proptest::prelude::*;

const VID: &str = "7300000000000000001";
const CID: &str = "7251524159191958327";

fn video(id: &str) -> Target {
    Target::Video {
        id: VideoId::parse(id).unwrap(),
        title: None,
    }
}

fn share(code: &str, title: Option<&str>) -> Target {
    Target::ShareLink {
        url: format!("https://v.douyin.com/{code}/"),
        title: title.map(str::to_owned),
    }
}

fn opened(input: &str) -> Target {
    parse(input).unwrap_or_else(|e| panic!("{input:?} was refused: {e}"))
}

fn refused(input: &str) -> InvalidTarget {
    match parse(input) {
        Ok(target) => panic!("{input:?} was accepted as {target:?}"),
        Err(e) => e,
    }
}

#[test]
fn a_bare_number_opens_that_comments_replies() {
    let comment = Target::Comment(CommentId::parse(CID).unwrap());
    for input in [
        CID,
        " 7251524159191958327\n",
        "7251 5241 5919 1958 327",
        "７２５１５２４１５９１９１９５８３２７",
        "https://www.douyin.com/video/7300000000000000001?cid=7251524159191958327",
    ] {
        assert_eq!(opened(input), comment, "{input:?}");
    }
}

#[test]
fn a_video_id_needs_v_colon_in_any_width() {
    for input in [
        "v:7300000000000000001",
        "V: 7300000000000000001",
        "v：７３００００００００００００００００１",
        "video:7300000000000000001",
        "ｖ：7300000000000000001",
        "v:https://www.douyin.com/video/7300000000000000001",
    ] {
        assert_eq!(opened(input), video(VID), "{input:?}");
    }
}

#[test]
fn video_links_open_with_no_call() {
    for input in [
        "https://www.douyin.com/video/7300000000000000001",
        "https://www.douyin.com/note/7300000000000000001",
        "https://www.douyin.com/slides/7300000000000000001",
        "www.douyin.com/video/7300000000000000001",
        "douyin.com/video/7300000000000000001",
        "http://douyin.com/video/7300000000000000001/",
        "HTTPS://WWW.DOUYIN.COM/VIDEO/7300000000000000001",
        "https://www.douyin.com/video/7300000000000000001?previous_page=app_code_link",
        "https://www.douyin.com/video/7300000000000000001#comments",
        "https://www.douyin.com/user/MS4wLjABAAAAabc?modal_id=7300000000000000001",
        "https://www.douyin.com/discover?modal_id=7300000000000000001",
        "https://www.douyin.com/search/%E7%8C%AB?type=video&modal_id=7300000000000000001",
        "https://www.douyin.com/channel/300203?modal_id=7300000000000000001",
        "https://www.douyin.com/jingxuan?modal_id=7300000000000000001#x",
        "https://www.iesdouyin.com/share/video/7300000000000000001/?region=CN&mid=1",
        "https://www.iesdouyin.com/share/note/7300000000000000001/",
        "iesdouyin.com/share/video/7300000000000000001",
    ] {
        assert_eq!(opened(input), video(VID), "{input:?}");
    }
}

#[test]
fn a_share_link_alone_is_normalized() {
    for input in [
        "https://v.douyin.com/iAbCdEf/",
        "https://v.douyin.com/iAbCdEf",
        "http://v.douyin.com/iAbCdEf/",
        "v.douyin.com/iAbCdEf/",
        "  https://v.douyin.com/iAbCdEf/ \n",
    ] {
        assert_eq!(opened(input), share("iAbCdEf", None), "{input:?}");
    }
    assert_eq!(
        opened("https://v.douyin.com/Ab_9-xYz12Q/"),
        share("Ab_9-xYz12Q", None)
    );
}

#[test]
fn share_text_from_the_app_gives_the_link_and_its_title() {
    let text = "7.43 复制打开抖音，看看【某某的作品】标题文字… https://v.douyin.com/iAbCdEf/ K@w.sr tRk:/ 06/06";
    assert_eq!(
        opened(text),
        share("iAbCdEf", Some("某某的作品 · 标题文字…"))
    );
}

#[test]
fn junk_after_a_share_link_is_ignored_even_when_it_looks_like_a_domain() {
    for input in [
        "4.15 复制打开抖音，看看【作品】 https://v.douyin.com/iF9Yauan/ 3@8.com 02/21",
        "https://v.douyin.com/iF9Yauan/3@8.com",
        "https://v.douyin.com/iF9Yauan/ K@w.sr",
    ] {
        let Target::ShareLink { url, .. } = opened(input) else {
            panic!("{input:?}")
        };
        assert_eq!(url, "https://v.douyin.com/iF9Yauan/", "{input:?}");
    }
}

#[test]
fn a_video_link_inside_share_text_opens_the_video_with_its_title() {
    let text =
        "看看【小明的作品】好看的视频 https://www.douyin.com/video/7300000000000000001 复制此链接";
    assert_eq!(
        opened(text),
        Target::Video {
            id: VideoId::parse(VID).unwrap(),
            title: Some("小明的作品 · 好看的视频".into()),
        }
    );
}

#[test]
fn punctuation_and_brackets_a_paste_brings_are_forgiven() {
    for wrapped in [
        "https://www.douyin.com/video/7300000000000000001，",
        "https://www.douyin.com/video/7300000000000000001。",
        "(https://www.douyin.com/video/7300000000000000001)",
        "【https://www.douyin.com/video/7300000000000000001】",
        "\"https://www.douyin.com/video/7300000000000000001\"",
        "「https://www.douyin.com/video/7300000000000000001」",
        "<https://www.douyin.com/video/7300000000000000001>",
        "https://www.douyin.com/video/7300000000000000001.",
        "see https://www.douyin.com/video/7300000000000000001!",
        "看这个https://www.douyin.com/video/7300000000000000001谢谢",
        "\u{1b}[2Jhttps://www.douyin.com/video/7300000000000000001\u{202e}",
    ] {
        assert_eq!(opened(wrapped), video(VID), "{wrapped:?}");
    }
    for wrapped in [
        "https://v.douyin.com/iAbCdEf/，",
        "「https://v.douyin.com/iAbCdEf/」",
        "<https://v.douyin.com/iAbCdEf>",
        "https://v.douyin.com/iAbCdEf/】",
    ] {
        assert_eq!(opened(wrapped), share("iAbCdEf", None), "{wrapped:?}");
    }
}

#[test]
fn a_douyin_path_under_another_host_is_refused() {
    for input in [
        "https://evil.example/www.douyin.com/video/7300000000000000001",
        "https://www.douyin.com.evil.example/video/7300000000000000001",
        "https://www.douyin.com@evil.example/video/7300000000000000001",
        "https://evildouyin.com/video/7300000000000000001",
        "https://evil.example/v.douyin.com/iAbCdEf/",
        "https://evil.example/?u=https://www.douyin.com/video/7300000000000000001",
    ] {
        assert!(
            matches!(refused(input), InvalidTarget::NotDouyin(_)),
            "{input:?}"
        );
    }
    let err = refused("evil.example/www.douyin.com/video/7300000000000000001");
    assert!(matches!(err, InvalidTarget::NotUnderstood(_)), "{err:?}");
}

#[test]
fn a_douyin_link_without_a_video_says_so() {
    for input in [
        "https://www.douyin.com/user/MS4wLjABAAAA6KxayaNDf8hvL5Nti7fsnlJIMQRpUQQexZGW8GTIgqk",
        "https://www.douyin.com/",
        "https://www.douyin.com/video/abc",
        "https://www.douyin.com/video/",
        "https://v.douyin.com/",
        "https://www.douyin.com/discover?modal_id=x",
    ] {
        let err = refused(input);
        assert!(
            matches!(err, InvalidTarget::NoVideoInLink(_)),
            "{input:?}: {err:?}"
        );
        assert!(err.to_string().contains("without a video"), "{err}");
    }
}

#[test]
fn junk_is_refused_with_the_accepted_forms() {
    for input in [
        "hello",
        "72515x",
        "-1",
        "7.43 复制打开抖音",
        "v",
        "K@w.sr 3@8.com",
    ] {
        let err = refused(input);
        assert!(
            matches!(err, InvalidTarget::NotUnderstood(_)),
            "{input:?}: {err:?}"
        );
        let message = err.to_string();
        assert!(message.contains("v.douyin.com share link"), "{message}");
        assert!(message.ends_with("Nothing was sent."), "{message}");
    }
}

#[test]
fn bad_ids_say_what_was_wrong() {
    assert_eq!(refused("  \n "), InvalidTarget::Empty);
    assert_eq!(
        refused(&"1".repeat(21)),
        InvalidTarget::CommentIdTooLong(21)
    );
    assert_eq!(refused("v:"), InvalidTarget::VideoIdEmpty);
    assert_eq!(
        refused(&format!("v:{}", "7".repeat(25))),
        InvalidTarget::VideoIdTooLong(25)
    );
    assert!(matches!(
        refused("v:12ab"),
        InvalidTarget::VideoIdNotDigits(_)
    ));
    let too_long = refused(&"1".repeat(21)).to_string();
    assert!(too_long.starts_with("A comment ID has at most 20 digits; this one has 21."));
}

#[test]
fn every_refusal_lists_the_accepted_forms_and_says_nothing_was_sent() {
    for input in [
        "",
        &"1".repeat(21),
        "v:",
        "v:x",
        &format!("v:{}", "7".repeat(21)),
        "https://www.douyin.com/user/x",
        "https://evil.example/",
        "hello",
    ] {
        let message = refused(input).to_string();
        assert!(message.contains(ACCEPTED), "{input:?}: {message}");
        assert!(
            message.ends_with("Nothing was sent."),
            "{input:?}: {message}"
        );
    }
}

#[test]
fn an_error_quotes_at_most_forty_characters_of_the_input() {
    let err = refused(&format!("{}\n{}", "无".repeat(100), "x".repeat(100)));
    let InvalidTarget::NotUnderstood(shown) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(shown.chars().count(), SHOWN_MAX_CHARS);
    assert!(shown.ends_with('…') && !shown.contains('\n'), "{shown}");
}

#[test]
fn a_share_title_is_one_clean_line_of_at_most_eighty_characters() {
    let text = format!(
        "看看【\u{202e}某某\u{1b}[31m的作品】第一行\n第二行{} https://v.douyin.com/iAbCdEf/",
        "长".repeat(200)
    );
    let Target::ShareLink {
        title: Some(title), ..
    } = opened(&text)
    else {
        panic!("no title")
    };
    assert!(title.starts_with("某某的作品 · 第一行 ⏎ 第二行"), "{title}");
    assert_eq!(title.chars().count(), TITLE_MAX_CHARS);
    assert!(title.ends_with('…'));
    let Target::ShareLink { title, .. } = opened("【】 https://v.douyin.com/iAbCdEf/") else {
        panic!()
    };
    assert_eq!(title, None, "empty brackets are no title");
    let Target::ShareLink { title, .. } = opened("https://v.douyin.com/iAbCdEf/ 【之后】")
    else {
        panic!()
    };
    assert_eq!(title, None, "brackets after the link are not its title");
}

#[test]
fn a_huge_paste_is_read_only_up_to_its_cap_and_quickly() {
    let link_then_junk = format!("https://v.douyin.com/iAbCdEf/ {}", "码 x.y/".repeat(4_000));
    assert_eq!(opened(&link_then_junk), share("iAbCdEf", None));
    let junk_then_link = format!("{} https://v.douyin.com/iAbCdEf/", "x".repeat(20_000));
    assert!(matches!(
        refused(&junk_then_link),
        InvalidTarget::NotUnderstood(_)
    ));
    let started = std::time::Instant::now();
    for _ in 0..20 {
        let _ = parse(&"https://a.b/ 【".repeat(2_000));
    }
    // Generous: a quadratic scan of 4,096 characters would take far longer on any machine.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn video_id_from_url_reads_the_addresses_a_share_link_resolves_to() {
    let id = Some(VideoId::parse(VID).unwrap());
    for url in [
        "https://www.iesdouyin.com/share/video/7300000000000000001/?region=CN&mid=7&u_code=0&did=MS4&with_sec_did=1&titleType=title&from_ssr=1",
        "https://www.douyin.com/video/7300000000000000001?previous_page=app_code_link",
        "www.iesdouyin.com/share/note/7300000000000000001/",
        "https://m.douyin.com/share/video/7300000000000000001",
    ] {
        assert_eq!(video_id_from_url(url), id, "{url}");
    }
    for url in [
        "https://www.iesdouyin.com/share/user/MS4wLjABAAAA?sec_uid=MS4wLjABAAAA",
        "https://v.douyin.com/iAbCdEf/",
        "https://evil.example/video/7300000000000000001",
        "",
        "not a url",
    ] {
        assert_eq!(video_id_from_url(url), None, "{url}");
    }
}

/// A video link in one of the accepted forms, with its ID.
fn video_link() -> impl Strategy<Value = (String, String)> {
    let id = "[1-9][0-9]{0,19}";
    let scheme = prop_oneof![Just(""), Just("https://"), Just("http://")];
    let host = prop_oneof![
        Just("www.douyin.com"),
        Just("douyin.com"),
        Just("www.iesdouyin.com")
    ];
    let path = prop_oneof![
        Just("/video/{}"),
        Just("/note/{}"),
        Just("/slides/{}"),
        Just("/share/video/{}/"),
        Just("/user/MS4wLjABAAAA?modal_id={}"),
        Just("/discover?modal_id={}"),
    ];
    let extra = prop_oneof![
        Just(""),
        Just("?previous_page=app_code_link"),
        Just("#top"),
        Just("/"),
    ];
    (id, scheme, host, path, extra).prop_map(|(id, scheme, host, path, extra)| {
        let path = path.replace("{}", &id);
        let extra = match (path.contains('?'), extra) {
            (true, "?previous_page=app_code_link") => "&previous_page=app_code_link",
            (true, "/") => "",
            (_, extra) => extra,
        };
        (format!("{scheme}{host}{path}{extra}"), id)
    })
}

proptest! {
    #[test]
    fn parse_never_panics(input in "\\PC{0,300}") {
        let _ = parse(&input);
    }

    #[test]
    fn parse_never_panics_on_near_links(
        head in "(https?://)?(v\\.|www\\.)?(ies)?douyin\\.com[/?#a-z_=0-9%@:.-]{0,40}",
        tail in "\\PC{0,20}",
    ) {
        let _ = parse(&format!("{head}{tail}"));
        let _ = video_id_from_url(&head);
    }

    #[test]
    fn an_accepted_video_link_round_trips_to_its_id((link, id) in video_link()) {
        let id = VideoId::parse(&id).unwrap();
        prop_assert_eq!(video_id_from_url(&link), Some(id.clone()));
        prop_assert_eq!(parse(&link), Ok(Target::Video { id, title: None }));
    }
}
