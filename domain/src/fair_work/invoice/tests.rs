use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn line(amount: u64, rate: TaxRate, withholding: bool) -> InvoiceLine {
    InvoiceLine {
        transaction_date: d(2026, 7, 31),
        description: "SNS投稿の作成 7月分".into(),
        amount: Yen(amount),
        rate,
        withholding,
    }
}

fn draft(registration: Option<&str>, lines: Vec<InvoiceLine>) -> InvoiceDraft {
    InvoiceDraft {
        issuer: "山田 花子".into(),
        registration: registration.map(|r| RegistrationNumber::parse(r).expect("valid")),
        recipient: "株式会社みなと商店".into(),
        issued_on: d(2026, 8, 1),
        due_on: d(2026, 8, 25),
        lines,
        rounding: Rounding::Down,
        payer_withholds: true,
    }
}

#[test]
fn registration_numbers_accept_what_people_type() {
    let r = RegistrationNumber::parse("ｔ１２３４５６７８９０１２３").expect("full width");
    assert_eq!(r.as_str(), "T1234567890123");
    assert_eq!(
        RegistrationNumber::parse(" T-7000-0120-5000-2 ")
            .expect("hyphens")
            .as_str(),
        "T7000012050002"
    );
    for bad in [
        "",
        "T123",
        "1234567890123",
        "T12345678901234",
        "T123456789012X",
        "X1234567890123",
    ] {
        let e = RegistrationNumber::parse(bad).expect_err(bad);
        assert_eq!(e.field, "registration_number");
        assert!(e.message.ja.contains("13桁"));
    }
    assert_eq!(RegistrationNumber::parse_optional("  "), Ok(None));
    assert!(RegistrationNumber::parse_optional("T1").is_err());
    let json = serde_json::to_string(&r).expect("json");
    assert_eq!(json, "\"T1234567890123\"");
    assert!(serde_json::from_str::<RegistrationNumber>("\"T12\"").is_err());
}

#[test]
fn the_corporate_check_digit() {
    // 国税庁's own 法人番号 7000012050002, and 1180301018771.
    let ok = |s: &str| {
        RegistrationNumber::parse(s)
            .expect("format")
            .has_corporate_check_digit()
    };
    assert!(ok("T7000012050002"));
    assert!(ok("T1180301018771"));
    assert!(!ok("T8000012050002"));
    assert!(!ok("T1180301018772"));
}

#[test]
fn tax_is_rounded_once_per_rate_per_invoice() {
    // Three lines of ¥1,005 at 10%: per line 100.5 → 100 each (300); per invoice 301.5 → 301.
    let lines = vec![
        line(1_005, TaxRate::Standard, false),
        line(1_005, TaxRate::Standard, false),
        line(1_005, TaxRate::Standard, false),
        line(1_015, TaxRate::Reduced, false),
    ];
    let inv = compute(&draft(Some("T1234567890123"), lines.clone())).expect("valid");
    assert_eq!(inv.kind, InvoiceKind::Qualified);
    assert_eq!(
        inv.per_rate,
        vec![
            RateTotal {
                rate: TaxRate::Standard,
                amount: Yen(3_015),
                tax: Yen(301)
            },
            RateTotal {
                rate: TaxRate::Reduced,
                amount: Yen(1_015),
                tax: Yen(81)
            },
        ]
    );
    assert_eq!(
        (inv.amount, inv.tax, inv.total),
        (Yen(4_030), Yen(382), Yen(4_412))
    );
    let mut up = draft(None, lines.clone());
    up.rounding = Rounding::Up;
    assert_eq!(compute(&up).expect("valid").tax, Yen(302 + 82));
    let mut half = draft(None, lines);
    half.rounding = Rounding::HalfUp;
    assert_eq!(compute(&half).expect("valid").tax, Yen(302 + 81));
}

#[test]
fn withholding_comes_off_the_flagged_lines_only() {
    let inv = compute(&draft(
        Some("T1234567890123"),
        vec![
            line(100_000, TaxRate::Standard, true),
            line(50_000, TaxRate::Standard, false),
        ],
    ))
    .expect("valid");
    assert_eq!(inv.total, Yen(165_000));
    assert_eq!(inv.withholding, Yen(10_210));
    assert_eq!(inv.payable, Yen(154_790));
    let mut no_agent = draft(None, vec![line(100_000, TaxRate::Standard, true)]);
    no_agent.payer_withholds = false;
    assert_eq!(compute(&no_agent).expect("valid").withholding, Yen::ZERO);
}

#[test]
fn a_plain_invoice_tells_the_buyer_its_deduction_share() {
    let inv = compute(&draft(None, vec![line(30_000, TaxRate::Standard, false)])).expect("valid");
    assert_eq!(inv.kind, InvoiceKind::Plain);
    assert_eq!(inv.buyer_deduction_percent, Some(80));
    let note = inv.buyer_note().expect("plain");
    assert!(note.ja.contains("80%"), "{}", note.ja);
    let text = inv.render(Lang::Ja);
    assert!(text.starts_with("請求書\n"), "{text}");
    assert!(text.contains("消費税相当額"), "{text}");
    assert!(!text.contains("登録番号："), "{text}");
}

#[test]
fn the_deduction_share_steps_down_on_the_dates() {
    for (date, share) in [
        (d(2023, 9, 30), 100),
        (d(2023, 10, 1), 80),
        (d(2026, 9, 30), 80),
        (d(2026, 10, 1), 70),
        (d(2028, 9, 30), 70),
        (d(2028, 10, 1), 50),
        (d(2030, 9, 30), 50),
        (d(2030, 10, 1), 30),
        (d(2031, 9, 30), 30),
        (d(2031, 10, 1), 0),
    ] {
        assert_eq!(buyer_deduction_percent(date), share, "{date}");
    }
}

#[test]
fn a_qualified_invoice_prints_every_required_item() {
    let inv = compute(&draft(
        Some("T1234567890123"),
        vec![line(100_000, TaxRate::Standard, true)],
    ))
    .expect("valid");
    let ja = inv.render(Lang::Ja);
    for part in [
        "適格請求書",
        "請求先：株式会社みなと商店 御中",
        "請求元：山田 花子",
        "登録番号：T1234567890123",
        "2026年7月31日  SNS投稿の作成 7月分  100,000円",
        "10%対象 100,000円　消費税 10,000円",
        "合計（税込）：110,000円",
        "源泉徴収税額：10,210円",
        "お支払い額：99,790円",
        "お支払い期日：2026年8月25日",
    ] {
        assert!(ja.contains(part), "{part} in {ja}");
    }
    let en = inv.render(Lang::En);
    assert!(en.contains("Registration number: T1234567890123"), "{en}");
    assert!(
        en.contains("Subject to 10%: ¥100,000, consumption tax ¥10,000"),
        "{en}"
    );
    assert!(inv.buyer_note().is_none());
}

#[test]
fn a_draft_names_every_problem() {
    let mut bad = draft(None, vec![line(0, TaxRate::Standard, false)]);
    bad.issuer = " ".into();
    bad.recipient = String::new();
    bad.lines[0].description = String::new();
    bad.due_on = d(2026, 7, 1);
    let e = compute(&bad).expect_err("bad");
    assert!(e.has("issuer", ErrorCode::Required));
    assert!(e.has("recipient", ErrorCode::Required));
    assert!(e.has("lines[0].description", ErrorCode::Required));
    assert!(e.has("lines[0].amount", ErrorCode::OutOfRange));
    assert!(e.has("due_on", ErrorCode::DateOrder));
    assert!(
        compute(&draft(None, vec![]))
            .expect_err("empty")
            .has("lines", ErrorCode::Required)
    );
}

proptest! {
    /// 切り捨て once per rate is within a yen below the exact tax, and never below the sum of
    /// per-line floors (which the law does not allow: it would lose up to a yen per line).
    #[test]
    fn per_invoice_rounding_is_within_a_yen(amounts in proptest::collection::vec(1u64..2_000_000, 1..20)) {
        let lines: Vec<InvoiceLine> = amounts.iter().map(|a| line(*a, TaxRate::Standard, false)).collect();
        let inv = compute(&draft(None, lines)).expect("valid");
        let sum: u64 = amounts.iter().sum();
        prop_assert!(inv.tax.0 * 100 <= sum * 10 && sum * 10 < (inv.tax.0 + 1) * 100);
        let per_line: u64 = amounts.iter().map(|a| a * 10 / 100).sum();
        prop_assert!(per_line <= inv.tax.0);
        prop_assert_eq!(inv.total, Yen(sum) + inv.tax);
    }
}
