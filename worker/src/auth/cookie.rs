//! The session cookie: formatting, clearing and reading it back.

use domain::account::{RoleKind, SESSION_DAYS};

/// `__Host-`: the browser keeps it only if it is Secure, has `Path=/` and no `Domain`, so no
/// sibling subdomain or plain-HTTP page can set or shadow it.
pub const SESSION_COOKIE: &str = "__Host-musubi_session";
/// A session token is 32 random bytes, sent as 64 lowercase hex digits.
pub const TOKEN_BYTES: usize = 32;

const ATTRIBUTES: &str = "HttpOnly; Secure; SameSite=Lax; Path=/";

/// `Set-Cookie` for a new session: script cannot read it, it travels over HTTPS only, is not
/// sent on cross-site subrequests or POSTs, and lasts as long as the session.
pub fn session_cookie(token: &str) -> String {
    let max_age = SESSION_DAYS * 24 * 60 * 60;
    format!("{SESSION_COOKIE}={token}; {ATTRIBUTES}; Max-Age={max_age}")
}

/// `Set-Cookie` that removes the session cookie.
pub fn clearing_cookie() -> String {
    format!("{SESSION_COOKIE}=; {ATTRIBUTES}; Max-Age=0")
}

/// A second cookie, readable by the page and holding nothing secret, that says "logged in as
/// this role" for as long as the session cookie lasts: the app's header shows 「ログアウト」 or
/// 「ログイン」 from it, and the resident's pages open without asking who is logged in (no round
/// trip on a first view). A hint only: every request is checked against the session itself.
pub const SIGNED_IN_COOKIE: &str = "musubi_in";

pub fn signed_in_cookie(role: RoleKind) -> String {
    let max_age = SESSION_DAYS * 24 * 60 * 60;
    let role = role.as_str();
    format!("{SIGNED_IN_COOKIE}={role}; Secure; SameSite=Lax; Path=/; Max-Age={max_age}")
}

pub fn clearing_signed_in_cookie() -> String {
    format!("{SIGNED_IN_COOKIE}=; Secure; SameSite=Lax; Path=/; Max-Age=0")
}

/// The session token from a `Cookie` header, if it is there and well formed.
pub fn token_from_header(cookie_header: &str) -> Option<&str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .find(|value| is_well_formed_token(value))
}

pub fn is_well_formed_token(value: &str) -> bool {
    value.len() == TOKEN_BYTES * 2
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn the_session_cookie_has_every_protective_flag() {
        let c = session_cookie(TOKEN);
        assert!(c.starts_with(&format!("__Host-musubi_session={TOKEN};")));
        assert!(!c.contains("Domain="), "a __Host- cookie has no Domain");
        for flag in [
            "HttpOnly",
            "Secure",
            "SameSite=Lax",
            "Path=/",
            "Max-Age=2592000",
        ] {
            assert!(c.split("; ").any(|a| a == flag), "{flag} missing in {c}");
        }
        let cleared = clearing_cookie();
        assert!(cleared.starts_with("__Host-musubi_session=;") && cleared.ends_with("Max-Age=0"));
        assert!(cleared.contains("HttpOnly") && cleared.contains("Path=/"));
        // The page reads the marker; it holds no token and lives exactly as long.
        let marker = signed_in_cookie(RoleKind::Resident);
        assert!(marker.starts_with("musubi_in=resident;") && !marker.contains("HttpOnly"));
        assert!(signed_in_cookie(RoleKind::Hub).starts_with("musubi_in=hub;"));
        assert!(marker.contains("Max-Age=2592000") && marker.contains("Path=/"));
        assert!(clearing_signed_in_cookie().ends_with("Max-Age=0"));
    }

    #[test]
    fn the_token_is_read_from_among_other_cookies() {
        let header = format!("theme=dark; __Host-musubi_session={TOKEN}; lang=ja");
        assert_eq!(token_from_header(&header), Some(TOKEN));
        assert_eq!(token_from_header("theme=dark"), None);
        assert_eq!(token_from_header("__Host-musubi_session="), None);
        assert_eq!(token_from_header("__Host-musubi_session=session:abc"), None);
        // The old name (settable without Secure, from any path) is no longer read.
        assert_eq!(token_from_header(&format!("musubi_session={TOKEN}")), None);
        assert_eq!(
            token_from_header(&format!("x__Host-musubi_session={TOKEN}")),
            None
        );
        assert_eq!(token_from_header(&TOKEN.to_uppercase()), None);
    }
}
