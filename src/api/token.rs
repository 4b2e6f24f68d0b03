//! The API token: a secret that must never be shown, logged or written to the cache.
//! Text from elsewhere is checked for it in every form it travels in — as typed,
//! percent-encoded (the request's query string) and JSON-escaped (a server echoing it
//! in a message) — because a check for the plain form alone misses the copies that leak.

use std::fmt;

/// A Just One API token. `Debug` and `Display` are redacted so the secret cannot leak
/// through `{:?}`, a log line or a panic message; only [`Token::expose`] reveals it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token, trimming surrounding whitespace. An empty token is no token.
    pub fn new(raw: impl Into<String>) -> Option<Token> {
        let raw = raw.into();
        let trimmed = raw.trim();
        (!trimmed.is_empty()).then(|| Token(trimmed.to_owned()))
    }

    /// The secret itself, for the one place that builds the request URL.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every quoted form of the token replaced by `<token>`, for anything
    /// that may reach a screen or a log: a server can echo the request, and a parse
    /// error can quote the body.
    pub fn scrub(&self, text: &str) -> String {
        self.quoted_forms()
            .iter()
            .fold(text.to_owned(), |clean, form| {
                clean.replace(form, "<token>")
            })
    }

    /// The body, vouched for as quoting the token in none of its forms, or the body given
    /// back when it does. Only a [`CheckedBody`] can be written to disk, and this is the
    /// only way to get one, so an unchecked answer cannot reach the cache by mistake.
    pub fn check(&self, body: Vec<u8>) -> Result<CheckedBody, Vec<u8>> {
        if self.is_quoted_in(&body) {
            Err(body)
        } else {
            Ok(CheckedBody(body))
        }
    }

    /// Whether `bytes` quote the token in any of its forms. The documented answers never
    /// echo it, but a proxy or a misbehaving server might.
    pub fn is_quoted_in(&self, bytes: &[u8]) -> bool {
        self.quoted_forms().iter().any(|form| {
            let needle = form.as_bytes();
            bytes.windows(needle.len()).any(|w| w == needle)
        })
    }

    /// The token as typed, percent-encoded as the query string carries it, and as the
    /// usual JSON encoders write it in a string. Longest first, so a form that contains
    /// another is replaced whole.
    fn quoted_forms(&self) -> Vec<String> {
        let secret = self.expose();
        let mut forms = vec![
            secret.to_owned(),
            url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        ];
        forms.extend((0..16).map(|style| json_escaped(secret, JsonStyle::from_bits(style))));
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        forms
    }
}

/// An answer's body that [`Token::check`] found free of the token: what the cache stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedBody(Vec<u8>);

impl CheckedBody {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// The escaping choices JSON encoders differ on: PHP writes `\/`, Python and PHP write
/// non-ASCII as `\u00e9`, Go writes `<`, `>` and `&` as `\u003c`…, and some use
/// upper-case hex.
#[derive(Clone, Copy)]
struct JsonStyle {
    slash: bool,
    ascii_only: bool,
    html_safe: bool,
    upper_hex: bool,
}

impl JsonStyle {
    fn from_bits(bits: u8) -> JsonStyle {
        JsonStyle {
            slash: bits & 1 != 0,
            ascii_only: bits & 2 != 0,
            html_safe: bits & 4 != 0,
            upper_hex: bits & 8 != 0,
        }
    }
}

/// The inside of a JSON string holding `text`, escaped the way `style` says.
fn json_escaped(text: &str, style: JsonStyle) -> String {
    let mut out = String::with_capacity(text.len());
    let unicode = |out: &mut String, c: char| {
        for unit in c.encode_utf16(&mut [0; 2]) {
            if style.upper_hex {
                out.push_str(&format!("\\u{unit:04X}"));
            } else {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    };
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' if style.slash => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' if style.html_safe => unicode(&mut out, c),
            c if u32::from(c) < 0x20 => unicode(&mut out, c),
            c if !c.is_ascii() && style.ascii_only => unicode(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let token = Token::new("s3cr3t-token").unwrap();
        assert!(!format!("{token:?}").contains("s3cr3t"));
        assert!(!format!("{token}").contains("s3cr3t"));
        assert_eq!(token.expose(), "s3cr3t-token");
    }

    #[test]
    fn bodies_quoting_the_token_are_recognised() {
        let token = Token::new("a b&c").unwrap();
        assert!(token.is_quoted_in(b"{\"message\":\"bad token a b&c\"}"));
        assert!(token.is_quoted_in(b"...token=a+b%26c..."));
        assert!(!token.is_quoted_in(b"{\"code\":0}"));
    }

    #[test]
    fn only_a_body_free_of_the_token_passes_the_check() {
        let token = Token::new("k/é").unwrap();
        let clean = token.check(br#"{"code":0}"#.to_vec()).unwrap();
        assert_eq!(clean.as_bytes(), br#"{"code":0}"#);
        for echoed in [r#""k/é""#, r#""k\/\u00e9""#, "k%2F%C3%A9"] {
            let body = format!(r#"{{"code":0,"echo":{echoed}}}"#);
            assert!(token.check(body.clone().into_bytes()).is_err(), "{body}");
        }
    }

    #[test]
    fn scrub_removes_plain_and_encoded_tokens() {
        let token = Token::new("a b&c").unwrap();
        assert_eq!(token.scrub("x a b&c y a+b%26c"), "x <token> y <token>");
    }

    #[test]
    fn json_escaped_tokens_are_recognised_and_scrubbed() {
        let token = Token::new(r#"k/é"&\1"#).unwrap();
        let echoed = [
            // serde_json, and most encoders' defaults
            serde_json::to_string(token.expose()).unwrap(),
            // PHP's json_encode: slashes and non-ASCII escaped
            r#""k\/\u00e9\"&\\1""#.to_owned(),
            // Python's json.dumps
            r#""k/\u00e9\"&\\1""#.to_owned(),
            // Go's encoding/json: HTML characters escaped
            r#""k/é\"\u0026\\1""#.to_owned(),
            // upper-case hex
            r#""k/\u00E9\"\u0026\\1""#.to_owned(),
        ];
        for json in echoed {
            let decoded: String = serde_json::from_str(&json).unwrap();
            assert_eq!(decoded, token.expose(), "the sample is that token in JSON");
            let body = format!(
                r#"{{"code":602,"message":"bad token {}"}}"#,
                &json[1..json.len() - 1]
            );
            assert!(token.is_quoted_in(body.as_bytes()), "{body}");
            let clean = token.scrub(&body);
            assert_eq!(
                clean, r#"{"code":602,"message":"bad token <token>"}"#,
                "{body}"
            );
        }
        assert!(!token.is_quoted_in(br#"{"message":"k/e"}"#));
    }

    #[test]
    fn the_percent_encoding_is_the_query_strings() {
        let token = Token::new("test-token-XYZ+/=&?#").unwrap();
        let mut url = url::Url::parse("http://127.0.0.1/").unwrap();
        url.query_pairs_mut().append_pair("token", token.expose());
        let query = url.query().unwrap().trim_start_matches("token=");
        assert_eq!(query, "test-token-XYZ%2B%2F%3D%26%3F%23");
        assert_eq!(token.scrub(query), "<token>");
    }

    #[test]
    fn blank_tokens_are_no_token() {
        assert!(Token::new("  \n").is_none());
        assert_eq!(Token::new(" abc ").unwrap().expose(), "abc");
    }
}
