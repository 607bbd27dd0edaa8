//! Participant lists a municipality uploads as CSV: one row per person, 氏名, メール/電話, 講座.
//!
//! Errors name the row as the person sees it in their spreadsheet (the file's line number) and
//! the column by its header, e.g. field `rows[3].contact`, message 「3行目の「メール/電話」…」.
//!
//! The text must already be UTF-8. Excel in Japan often saves CSV as Shift_JIS: the caller must
//! decode that first (this crate has no encoding tables, to keep the app small).

use serde::{Deserialize, Serialize};

use super::checker::{Checker, label};
use super::{ErrorCode, Raw, ValidationContext, ValidationErrors, normalize_email};
use crate::model::{ProgramId, ProgramKind};
use crate::text::normalize_line;

/// Most rows in one upload.
pub const MAX_ROWS: usize = 2000;
pub const MAX_NAME: usize = 40;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnrolmentRow {
    /// The row's line number in the uploaded file (the header is line 1).
    pub line: u32,
    /// 氏名
    pub name: Raw,
    /// メール/電話: an email address or a phone number.
    pub contact: Raw,
    /// 講座: a course's id or its Japanese name.
    pub course: Raw,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Contact {
    Email(String),
    /// Digits only, domestic form starting with 0 (`+81` is turned into `0`).
    Phone(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidEnrolment {
    pub line: u32,
    pub name: String,
    pub contact: Contact,
    pub course: ProgramId,
}

/// Validates all rows: every row's errors, plus the same person (contact) entered twice for one
/// course. Nothing is accepted unless everything is, so a fixed file can simply be re-uploaded.
pub fn validate_enrolment(
    rows: &[EnrolmentRow],
    ctx: &ValidationContext<'_>,
) -> Result<Vec<ValidEnrolment>, ValidationErrors> {
    let mut c = Checker::default();
    if rows.is_empty() {
        c.push(
            "rows",
            ErrorCode::Required,
            "参加者の行がありません。".to_owned(),
            "The file has no participant rows.".to_owned(),
        );
        return Err(c.into_errors());
    }
    if rows.len() > MAX_ROWS {
        c.push(
            "rows",
            ErrorCode::TooMany,
            format!("1回に登録できるのは{MAX_ROWS}行までです。ファイルを分けてください。"),
            format!("At most {MAX_ROWS} rows per upload. Please split the file."),
        );
        return Err(c.into_errors());
    }
    let mut out: Vec<ValidEnrolment> = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(valid) = validate_row(&mut c, row, ctx) else {
            continue;
        };
        if out
            .iter()
            .any(|o| o.contact == valid.contact && o.course == valid.course)
        {
            let ja = format!(
                "{}行目は、同じ講座にすでにある人と連絡先が同じです。",
                row.line
            );
            let en = format!(
                "Row {}: this contact is already listed for the same course.",
                row.line
            );
            c.push(
                &format!("rows[{}].contact", row.line),
                ErrorCode::Duplicate,
                ja,
                en,
            );
            continue;
        }
        out.push(valid);
    }
    c.into_result(out)
}

fn validate_row(
    c: &mut Checker,
    row: &EnrolmentRow,
    ctx: &ValidationContext<'_>,
) -> Option<ValidEnrolment> {
    let n = row.line;
    let (name_ja, contact_ja, course_ja) = (
        format!("{n}行目の氏名"),
        format!("{n}行目のメール/電話"),
        format!("{n}行目の講座"),
    );
    let (name_en, contact_en, course_en) = (
        format!("the name in row {n}"),
        format!("the email/phone in row {n}"),
        format!("the course in row {n}"),
    );
    let name = c.line(
        &format!("rows[{n}].name"),
        label(&name_ja, &name_en),
        &row.name,
        MAX_NAME,
    );
    let contact = contact(
        c,
        &format!("rows[{n}].contact"),
        label(&contact_ja, &contact_en),
        &row.contact,
    );
    let course = course(
        c,
        &format!("rows[{n}].course"),
        label(&course_ja, &course_en),
        &row.course,
        ctx,
    );
    Some(ValidEnrolment {
        line: n,
        name: name?,
        contact: contact?,
        course: course?,
    })
}

/// The bad value as the message repeats it, so the person finds it in the file: cut at 40
/// characters.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

fn contact(
    c: &mut Checker,
    field: &str,
    l: super::checker::Label<'_>,
    raw: &Raw,
) -> Option<Contact> {
    let text = normalize_line(raw.as_str());
    if text.is_empty() {
        c.required(field, l);
        return None;
    }
    if text.contains('@') {
        let email = normalize_email(&text).ok();
        if email.is_none() {
            c.push(
                field,
                ErrorCode::InvalidEmail,
                format!(
                    "「{}」のメールアドレス「{}」の形が正しくありません。",
                    l.ja,
                    shown(&text)
                ),
                format!(
                    "The email address \"{}\" in {} does not look right.",
                    shown(&text),
                    l.en
                ),
            );
        }
        return email.map(Contact::Email);
    }
    let phone = japanese_phone(&text);
    if phone.is_none() {
        c.push(
            field,
            ErrorCode::InvalidPhone,
            format!(
                "「{}」の電話番号「{}」の形が正しくありません。090-1234-5678 のように入力してください。",
                l.ja,
                shown(&text)
            ),
            format!(
                "The phone number \"{}\" in {} does not look right. Please write it like 090-1234-5678.",
                shown(&text),
                l.en
            ),
        );
    }
    phone.map(Contact::Phone)
}

/// `090-1234-5678`, `(0967) 22-1111`, `+81 90 1234 5678`, with any dash people type
/// (including the long-vowel mark ー, which IMEs often produce for a dash) → digits from `0`,
/// 10 or 11 of them.
pub fn japanese_phone(text: &str) -> Option<String> {
    let international = text.starts_with('+');
    let digits: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '-' | ' ' | '(' | ')' | '+' | 'ー' | '‐' | '−' | '–' | '—' | '―'
            )
        })
        .collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let domestic = match digits.strip_prefix("81").filter(|_| international) {
        Some(rest) => format!("0{rest}"),
        None if international => return None,
        None => digits,
    };
    (domestic.starts_with('0') && (10..=11).contains(&domestic.len())).then_some(domestic)
}

fn course(
    c: &mut Checker,
    field: &str,
    l: super::checker::Label<'_>,
    raw: &Raw,
    ctx: &ValidationContext<'_>,
) -> Option<ProgramId> {
    let key = normalize_line(raw.as_str());
    if key.is_empty() {
        c.required(field, l);
        return None;
    }
    let found = ctx
        .programs
        .iter()
        .filter(|p| matches!(p.kind, ProgramKind::Course { .. }))
        .find(|p| p.id.as_str() == key || normalize_line(&p.name.ja) == key)
        .map(|p| p.id.clone());
    if found.is_none() {
        c.push(
            field,
            ErrorCode::UnknownProgram,
            format!(
                "「{}」の講座が見つかりません。講座の名前を確かめてください。",
                l.ja
            ),
            format!(
                "No course found for {}. Please check the course name.",
                l.en
            ),
        );
    }
    found
}

/// Reads a CSV file (RFC 4180: commas, double-quoted fields with `""` escapes, CRLF or LF)
/// into rows. If the first line is a header (any cell is a known column name), columns are taken
/// by header (氏名/名前/name, メール/電話/連絡先/contact, 講座/course); otherwise in that order.
/// Blank lines are skipped; a leading BOM is ignored.
pub fn parse_enrolment_csv(text: &str) -> Vec<EnrolmentRow> {
    let records = parse_csv(text.strip_prefix('\u{feff}').unwrap_or(text));
    let mut columns = [0usize, 1, 2];
    let mut body = records.as_slice();
    if let Some((_, header)) = records.first()
        && header.iter().any(|h| is_header(&normalize_line(h)))
    {
        columns = header_columns(header);
        body = &records[1..];
    }
    body.iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(line, cells)| {
            let cell = |i: usize| Raw(cells.get(i).cloned().unwrap_or_default());
            EnrolmentRow {
                line: *line,
                name: cell(columns[0]),
                contact: cell(columns[1]),
                course: cell(columns[2]),
            }
        })
        .collect()
}

const NAME_HEADERS: &[&str] = &["氏名", "名前", "name"];
const CONTACT_HEADERS: &[&str] = &[
    "メール/電話",
    "メール",
    "電話",
    "連絡先",
    "contact",
    "email",
    "phone",
];
const COURSE_HEADERS: &[&str] = &["講座", "講座名", "course"];

fn is_header(cell: &str) -> bool {
    let cell = cell.to_lowercase();
    [NAME_HEADERS, CONTACT_HEADERS, COURSE_HEADERS]
        .iter()
        .any(|names| names.contains(&cell.as_str()))
}

fn header_columns(header: &[String]) -> [usize; 3] {
    let find = |names: &[&str], default: usize| {
        header
            .iter()
            .position(|h| names.contains(&normalize_line(h).to_lowercase().as_str()))
            .unwrap_or(default)
    };
    [
        find(NAME_HEADERS, 0),
        find(CONTACT_HEADERS, 1),
        find(COURSE_HEADERS, 2),
    ]
}

/// Records with the line number each starts on (1-based).
fn parse_csv(text: &str) -> Vec<(u32, Vec<String>)> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut cell = String::new();
    let (mut line, mut start_line) = (1u32, 1u32);
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match (ch, in_quotes) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', true) => in_quotes = false,
            ('"', false) if cell.is_empty() => in_quotes = true,
            (',', false) => record.push(std::mem::take(&mut cell)),
            ('\r', false) if chars.peek() == Some(&'\n') => {}
            ('\n' | '\r', false) => {
                record.push(std::mem::take(&mut cell));
                records.push((start_line, std::mem::take(&mut record)));
                line = line.saturating_add(1);
                start_line = line;
            }
            (c, _) => {
                if c == '\n' {
                    line = line.saturating_add(1);
                }
                cell.push(c);
            }
        }
    }
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        records.push((start_line, record));
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Localized, MunicipalityId, Program, RegionId};
    use crate::validate::test_support::ctx_fixture;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn programs() -> Vec<Program> {
        let d = NaiveDate::from_ymd_opt(2026, 4, 1).expect("date");
        vec![Program {
            id: ProgramId::from("p-kicho"),
            region_id: RegionId::from("aso"),
            municipality_id: MunicipalityId::from("m1"),
            name: Localized::new("はじめての記帳講座", "Bookkeeping for beginners"),
            description: Localized::new("記帳", "Bookkeeping"),
            kind: ProgramKind::Course {
                certifies: vec![],
                starts_on: d,
                ends_on: d,
                online: true,
                place: None,
                capacity: 20,
            },
            security_course: false,
        }]
    }

    const CSV: &str = "\u{feff}氏名,メール/電話,講座\r\n山田 花子,hanako@example.jp,はじめての記帳講座\r\n\"佐藤, 太郎\",０９０ー１２３４ー５６７８,p-kicho\r\n\r\n鈴木 一郎,+81 967-22-1111,はじめての記帳講座\r\n";

    #[test]
    fn a_clean_file_is_accepted() {
        let (tax, reg) = ctx_fixture();
        let progs = programs();
        let ctx = ValidationContext::new(tax, &reg).with_programs(&progs);
        let rows = parse_enrolment_csv(CSV);
        assert_eq!(
            rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 3, 5]
        );
        let v = validate_enrolment(&rows, &ctx).expect("valid");
        assert_eq!(v[1].name, "佐藤, 太郎");
        assert_eq!(v[1].contact, Contact::Phone("09012345678".to_owned()));
        assert_eq!(v[2].contact, Contact::Phone("0967221111".to_owned()));
        assert!(v.iter().all(|e| e.course.as_str() == "p-kicho"));
    }

    #[test]
    fn errors_name_row_and_column() {
        let (tax, reg) = ctx_fixture();
        let progs = programs();
        let ctx = ValidationContext::new(tax, &reg).with_programs(&progs);
        let csv = "講座,氏名,連絡先\nはじめての記帳講座,,12345\nない講座,田中,tanaka@\nはじめての記帳講座,山田,hanako@example.jp\nはじめての記帳講座,山田 花子,HANAKO@example.jp\n";
        let e = validate_enrolment(&parse_enrolment_csv(csv), &ctx).expect_err("invalid");
        for (f, code) in [
            ("rows[2].name", ErrorCode::Required),
            ("rows[2].contact", ErrorCode::InvalidPhone),
            ("rows[3].course", ErrorCode::UnknownProgram),
            ("rows[3].contact", ErrorCode::InvalidEmail),
            ("rows[5].contact", ErrorCode::Duplicate),
        ] {
            assert!(e.has(f, code), "{f}: {e}");
        }
        let name =
            e.0.iter()
                .find(|f| f.field == "rows[2].name")
                .expect("name error");
        assert!(
            name.message.ja.contains("2行目の氏名"),
            "{}",
            name.message.ja
        );
        // The bad value is repeated, so it can be found in the file.
        let bad = |f: &str| {
            e.0.iter()
                .find(|x| x.field == f)
                .map(|x| x.message.clone())
                .expect("an error")
        };
        assert!(bad("rows[2].contact").ja.contains("「12345」"));
        assert!(bad("rows[3].contact").ja.contains("「tanaka@」"));
        assert!(bad("rows[3].contact").en.contains("\"tanaka@\""));
    }

    #[test]
    fn an_empty_upload_is_refused() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        assert!(
            validate_enrolment(&parse_enrolment_csv("氏名,メール/電話,講座\n"), &ctx)
                .expect_err("empty")
                .has("rows", ErrorCode::Required)
        );
    }

    #[test]
    fn quoted_newlines_keep_the_line_count() {
        let rows = parse_enrolment_csv("\"a\nb\",c,d\ne,f,g");
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(rows[0].name.as_str(), "a\nb");
    }

    proptest! {
        #[test]
        fn never_panics(csv in any::<String>()) {
            let (tax, reg) = ctx_fixture();
            let progs = programs();
            let ctx = ValidationContext::new(tax, &reg).with_programs(&progs);
            let _ = validate_enrolment(&parse_enrolment_csv(&csv), &ctx);
        }
    }
}
