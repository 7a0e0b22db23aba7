//! The SCIM token expires one year after it was generated. The wizard shows the date and offers
//! an iCalendar (RFC 5545) reminder two weeks before it.

use serde::Serialize;
use time::macros::format_description;
use time::{Date, Duration, Month, OffsetDateTime};
use ts_rs::TS;

/// How long before expiry the reminder fires.
pub const REMIND_DAYS_BEFORE: i64 = 14;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Expiry {
    pub generated_on: String,
    pub expires_on: String,
    pub remind_on: String,
    /// Negative once expired.
    #[ts(type = "number")]
    pub days_left: i64,
    /// Renew now: expired, or within the reminder's lead time ([`REMIND_DAYS_BEFORE`]).
    pub renew_now: bool,
    /// The expiry in words: "365 days left", "expired 3 days ago".
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReminderError {
    #[error("Enter the date the token was generated as YYYY-MM-DD, for example 2026-11-28.")]
    BadDate,
    #[error("The generation date is in the future. Enter the day Loopio showed you the token.")]
    Future,
}

impl ReminderError {
    pub fn code(&self) -> &'static str {
        match self {
            ReminderError::BadDate => "reminder.bad_date",
            ReminderError::Future => "reminder.future_date",
        }
    }
}

fn parse(date: &str) -> Result<Date, ReminderError> {
    Date::parse(date.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| ReminderError::BadDate)
}

fn iso(date: Date) -> String {
    date.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// One year later; 29 February becomes 28 February.
fn plus_one_year(date: Date) -> Date {
    date.replace_year(date.year() + 1)
        .or_else(|_| Date::from_calendar_date(date.year() + 1, Month::February, 28))
        .unwrap_or(date)
}

///
/// `today` is the date in UTC. The admin's own calendar can be a day ahead of it (up to UTC+14),
/// so a date is only refused as in the future when it is later than that: "Today" clicked
/// in Sydney after midnight is accepted.
pub fn expiry(generated_on: &str, today: Date) -> Result<Expiry, ReminderError> {
    let generated = parse(generated_on)?;
    if generated > today.next_day().unwrap_or(today) {
        return Err(ReminderError::Future);
    }
    let today = today.max(generated);
    let expires = plus_one_year(generated);
    let remind = expires - Duration::days(REMIND_DAYS_BEFORE);
    Ok(Expiry {
        generated_on: iso(generated),
        expires_on: iso(expires),
        remind_on: iso(remind),
        days_left: (expires - today).whole_days(),
        renew_now: (expires - today).whole_days() < REMIND_DAYS_BEFORE,
        summary: match (expires - today).whole_days() {
            d if d < 0 => format!("expired {} days ago", -d),
            1 => "1 day left".to_string(),
            d => format!("{d} days left"),
        },
    })
}

/// Escapes TEXT values (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds content lines longer than 75 octets (RFC 5545 3.1), never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// One all-day calendar event with an alarm at 09:00.
struct Event {
    uid: String,
    day: Date,
    summary: String,
    description: String,
}

fn calendar(event: &Event, now: OffsetDateTime) -> String {
    let compact = |d: Date| iso(d).replace('-', "");
    let stamp = now
        .to_offset(time::UtcOffset::UTC)
        .format(format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_default();
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Loopio SCIM Setup Assistant//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}@loopio-scim-assistant", event.uid),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", compact(event.day)),
        format!(
            "DTEND;VALUE=DATE:{}",
            compact(event.day + Duration::days(1))
        ),
        format!("SUMMARY:{}", escape(&event.summary)),
        format!("DESCRIPTION:{}", escape(&event.description)),
        "TRANSP:TRANSPARENT".to_string(),
        "BEGIN:VALARM".to_string(),
        "ACTION:DISPLAY".to_string(),
        format!("DESCRIPTION:{}", escape(&event.summary)),
        "TRIGGER:PT9H".to_string(),
        "END:VALARM".to_string(),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

/// An all-day event on the reminder date, with an alarm, for the admin's calendar.
pub fn ics(expiry: &Expiry, instance: &str, now: OffsetDateTime) -> String {
    let event = Event {
        uid: format!(
            "scim-token-{}-{instance}",
            expiry.generated_on.replace('-', "")
        ),
        day: parse(&expiry.remind_on).unwrap_or(now.date()),
        summary: format!(
            "Renew the Loopio SCIM token for {instance} (expires {})",
            expiry.expires_on
        ),
        description: format!(
            "The Loopio SCIM token used by Okta expires on {}. Generate a new one in Loopio (Admin > Integrations > SCIM > Generate Token) and paste it in Okta (your Loopio app > Provisioning > Integration > Authorization), then run the connection test. Generating a new token deletes the old one, so update Okta right away.",
            expiry.expires_on
        ),
    };
    calendar(&event, now)
}

/// How long before the Okta app's signing certificate expires its reminder fires; the Okta
/// read-back warns from then on too.
pub const CERT_REMIND_DAYS_BEFORE: i64 = 60;

/// A reminder to renew the Okta app's SAML signing certificate, [`CERT_REMIND_DAYS_BEFORE`]
/// days before `not_after` (RFC 3339), or today when that is already past.
pub fn certificate_ics(
    not_after: &str,
    app_label: &str,
    fingerprint: &str,
    now: OffsetDateTime,
) -> Result<String, ReminderError> {
    let expires = OffsetDateTime::parse(not_after, &time::format_description::well_known::Rfc3339)
        .map_err(|_| ReminderError::BadDate)?
        .date();
    let day = (expires - Duration::days(CERT_REMIND_DAYS_BEFORE)).max(now.date());
    let event = Event {
        uid: format!("okta-cert-{}", fingerprint.replace(':', "").to_lowercase()),
        day,
        summary: format!(
            "Renew the Okta signing certificate of {app_label} (expires {})",
            iso(expires)
        ),
        description: format!(
            "The SAML signing certificate of the Okta app {app_label} (SHA-256 {fingerprint}) expires on {}. In Okta, open the app > Sign On > SAML Signing Certificates, generate a new certificate and activate it; then give Loopio the new certificate in its single sign-on settings at the same time, or sign-in to Loopio stops working. Run the assistant's Okta check afterwards.",
            iso(expires)
        ),
    };
    Ok(calendar(&event, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_date_one_day_ahead_of_utc_is_today_somewhere_east_and_accepted() {
        // 00:30 on 29 November in Sydney is still 28 November in UTC.
        let e = expiry("2026-11-29", date!(2026 - 11 - 28)).unwrap();
        assert_eq!(e.expires_on, "2027-11-29");
        assert_eq!(e.days_left, 365);
        assert_eq!(
            expiry("2026-11-30", date!(2026 - 11 - 28)).unwrap_err(),
            ReminderError::Future
        );
    }

    #[test]
    fn expiry_is_one_year_later_and_the_reminder_two_weeks_before() {
        let e = expiry("2026-11-28", date!(2026 - 11 - 28)).unwrap();
        assert_eq!(e.expires_on, "2027-11-28");
        assert_eq!(e.remind_on, "2027-11-14");
        assert_eq!(e.days_left, 365);
        assert!(!e.renew_now);
        assert_eq!(e.summary, "365 days left");
        let soon = expiry("2025-12-05", date!(2026 - 11 - 28)).unwrap();
        assert!(soon.renew_now, "7 days left is inside the 14-day lead time");
        let leap = expiry("2028-02-29", date!(2028 - 03 - 01)).unwrap();
        assert_eq!(leap.expires_on, "2029-02-28");
        let old = expiry("2025-01-10", date!(2026 - 11 - 28)).unwrap();
        assert!(old.days_left < 0);
    }

    #[test]
    fn bad_dates_are_explained() {
        assert_eq!(
            expiry("28/11/2026", date!(2026 - 11 - 28)),
            Err(ReminderError::BadDate)
        );
        assert_eq!(
            expiry("", date!(2026 - 11 - 28)),
            Err(ReminderError::BadDate)
        );
        assert_eq!(
            expiry("2027-01-01", date!(2026 - 11 - 28)),
            Err(ReminderError::Future)
        );
    }

    #[test]
    fn ics_lines_are_folded_and_crlf_terminated() {
        let e = expiry("2026-11-28", date!(2026 - 11 - 28)).unwrap();
        let text = ics(&e, "acme.loopio.com", datetime!(2026-11-28 10:00 UTC));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert!(text.contains("DTSTART;VALUE=DATE:20271114"));
        assert!(text.contains("DTSTAMP:20261128T100000Z"));
        assert!(!text.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn the_certificate_reminder_fires_sixty_days_before_or_today() {
        let now = datetime!(2026-11-28 10:00 UTC);
        let text = certificate_ics("2027-06-30T12:00:00Z", "Loopio", "AB:CD", now).unwrap();
        assert!(text.contains("DTSTART;VALUE=DATE:20270501\r\n"), "{text}");
        assert!(
            text.contains("UID:okta-cert-abcd@loopio-scim-assistant"),
            "{text}"
        );
        assert!(text.contains("expires 2027-06-30"), "{text}");
        // Already within sixty days: the reminder is today, not in the past.
        let soon = certificate_ics("2026-12-10T00:00:00Z", "Loopio", "AB", now).unwrap();
        assert!(soon.contains("DTSTART;VALUE=DATE:20261128\r\n"), "{soon}");
        assert_eq!(
            certificate_ics("not a date", "Loopio", "AB", now),
            Err(ReminderError::BadDate)
        );
    }
}
