//! The reader's words for what a person can do about an error. The API layer states what
//! happened (an [`ApiError`]'s message) and what can be done ([`Remedy`]); this names the
//! key that does it, as mapped in the config file's `[keys]`, so a remapped key is the one
//! the screen names.

use super::keymap::{Action, Keymap};
use crate::api::{ApiError, Remedy};

/// How the person asks again where an error happened, e.g. "press t to retry".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Again(String);

impl Again {
    /// Asking again with the key mapped to `action`, e.g. "press t to retry".
    pub fn key(keymap: &Keymap, action: Action, verb: &str) -> Again {
        let key = keymap
            .bindings()
            .iter()
            .filter(|binding| binding.action == action)
            .find_map(|binding| binding.keys.first());
        Again(match key {
            Some(chord) => format!("press {} to {verb}", chord.label()),
            // Every action has a key (`[keys]` refuses an empty list); said plainly if not.
            None => verb.to_owned(),
        })
    }

    /// A failed page: the retry key.
    pub fn page(keymap: &Keymap) -> Again {
        Again::key(keymap, Action::Retry, "retry")
    }

    /// A failed profile: the profile key again.
    pub fn profile(keymap: &Keymap) -> Again {
        Again::key(keymap, Action::Profile, "try again")
    }

    /// A share link that could not be opened: the key that focuses the input (as mapped),
    /// then Enter, since the focus has left the input where the link stays.
    pub fn resubmit(keymap: &Keymap) -> Again {
        Again(format!(
            "press {}, then Enter, to try again",
            keymap.key_for(Action::FocusInput)
        ))
    }
}

/// The error's message, then what to do about it: "Rate limited (code 302) even after
/// waiting. Wait a minute, then press t to retry."
pub fn worded(error: &ApiError, again: &Again) -> String {
    match advice(&error.remedy(), again) {
        Some(advice) => format!("{error} {advice}"),
        None => error.to_string(),
    }
}

/// What to do, as a sentence; `None` when the message says it all.
fn advice(remedy: &Remedy, Again(again): &Again) -> Option<String> {
    Some(match remedy {
        Remedy::Retry => format!("{}.", crate::format::capitalized(again)),
        Remedy::RetryInAMinute => format!("Wait a minute, then {again}."),
        Remedy::RetryAfter(until) => {
            format!("{} after {until}.", crate::format::capitalized(again))
        }
        Remedy::RetryOrRegion => format!(
            "{}. From mainland China, --region cn may be faster.",
            crate::format::capitalized(again)
        ),
        Remedy::CheckConnection => format!("Check the network or the base URL, then {again}."),
        Remedy::CheckBaseUrl => format!(
            "{}; if it persists, the base URL may not point at Just One API.",
            crate::format::capitalized(again)
        ),
        Remedy::TopUp => format!("Top up the account, then {again}."),
        Remedy::FixToken => "Set a valid token with --token, the JUSTONEAPI_TOKEN environment \
                             variable, or `token = \"…\"` in the config file."
            .into(),
        Remedy::CheckPlan => "Check the token's plan on Just One API.".into(),
        Remedy::CheckInput(endpoint) => endpoint.check().into(),
        Remedy::WaitForTomorrow | Remedy::Nothing => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Call;
    use crate::app::{App, Command, Msg, Setup, view};
    use ratatui::layout::Rect;

    const NOW: i64 = 1_700_000_000;
    const ID: &str = "7251524159191958327";

    fn remapped() -> Keymap {
        let t = ["t".to_owned()];
        Keymap::with_overrides([("retry", &t[..])]).unwrap()
    }

    #[test]
    fn a_retry_hint_names_the_key_as_mapped() {
        for error in ApiError::one_of_each() {
            let text = worded(&error, &Again::page(&remapped()));
            assert!(!text.contains("press r"), "{text}");
            assert_eq!(
                text.contains("press t to retry") || text.contains("Press t to retry"),
                error.remedy().retries(),
                "{text}"
            );
            let default = worded(&error, &Again::page(&Keymap::default()));
            assert!(!default.contains("press t"), "{default}");
        }
    }

    /// A reader with `retry = "t"` and `profile = "F2"` in `[keys]`, a thread open, and
    /// the request for its first page.
    fn reader() -> (App, u64) {
        let (t, o) = (["t".to_owned()], ["F2".to_owned()]);
        let keymap = Keymap::with_overrides([("retry", &t[..]), ("profile", &o[..])]).unwrap();
        let setup = Setup {
            initial: Some(ID.into()),
            keymap,
            ..Setup::default()
        };
        let (app, commands) = App::new(setup, Rect::new(0, 0, 200, 40), NOW);
        let req = commands
            .iter()
            .find_map(|command| match command {
                Command::Fetch { req, .. } => Some(*req),
                _ => None,
            })
            .expect("the thread's first page is asked for");
        (app, req)
    }

    fn said(app: &App) -> String {
        app.notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default()
    }

    /// Every error a page, a profile or a share link can meet, as the reader words it on
    /// the status line and under the list: a retry names the key as mapped, never `r`.
    #[test]
    fn with_retry_remapped_every_hint_on_screen_names_the_new_key() {
        for error in ApiError::one_of_each() {
            let retries = error.remedy().retries();

            let (mut app, req) = reader();
            let call = Call::Replies {
                comment: crate::CommentId::parse(ID).unwrap(),
                page: 1,
            };
            let result = Err(error.clone());
            app.update(Msg::Answer { req, call, result }, NOW);
            let footer: Vec<String> =
                view::footer_lines(app.list().unwrap(), &app.keymap, 200, 0, NOW)
                    .iter()
                    .map(|line| line.text())
                    .collect();
            for text in [said(&app), footer.join(" ")] {
                assert!(text.contains(&error.to_string()), "{text}");
                assert!(!text.to_lowercase().contains("press r "), "{text}");
                let names_t = text.to_lowercase().contains("press t to retry");
                assert_eq!(names_t, retries, "{text}");
            }

            let (mut app, _) = reader();
            let call = Call::Profile {
                sec_uid: "MS4w".into(),
            };
            let result = Err(error.clone());
            app.update(
                Msg::Answer {
                    req: 99,
                    call,
                    result,
                },
                NOW,
            );
            let text = said(&app);
            assert!(!text.to_lowercase().contains("press r "), "{text}");
            assert_eq!(
                text.to_lowercase().contains("press f2 to try again"),
                retries,
                "{text}"
            );
        }
    }

    #[test]
    fn the_advice_follows_the_fact() {
        let text = worded(
            &ApiError::InsufficientBalance,
            &Again::page(&Keymap::default()),
        );
        assert!(
            text.starts_with("Insufficient balance")
                && text.ends_with("Top up the account, then press r to retry."),
            "{text}"
        );
        let later = ApiError::RetryLater {
            code: Some(302),
            wait: std::time::Duration::from_secs(3600),
            until: "14:05".into(),
        };
        let text = worded(&later, &Again::page(&remapped()));
        assert!(text.ends_with("Press t to retry after 14:05."), "{text}");
    }
}
