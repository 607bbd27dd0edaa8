use chrono::NaiveDate;

use super::*;
use crate::pay::{PayWarningCode, pay_guidance};
use crate::validate::ValidationContext;
use crate::validate::test_support::ctx_fixture;

#[test]
fn every_draft_is_a_valid_job_in_the_shared_vocabulary() {
    let (taxonomy, region) = ctx_fixture();
    let ctx = ValidationContext::new(taxonomy, &region);
    let all = suggest("", taxonomy);
    assert_eq!(all.len(), TEMPLATES.len());
    assert!(all.len() >= 6, "the common needs are covered");
    for p in &all {
        let job = p
            .draft
            .validate(&ctx)
            .unwrap_or_else(|e| panic!("{}: {e:?}", p.id));
        assert!(!job.tasks.is_empty() && !p.need.ja.is_empty() && !p.need.en.is_empty());
        assert!(p.typical_pay.is_some(), "{}: typical pay known", p.id);
        if !job.team_allowed {
            assert!(job.hours_per_week <= 40, "{}: one person can do it", p.id);
        }
    }
}

#[test]
fn drafts_pay_at_least_the_usual_rate_and_the_minimum_wage() {
    let (taxonomy, region) = ctx_fixture();
    let ctx = ValidationContext::new(taxonomy, &region);
    let on = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
    for p in suggest("", taxonomy) {
        let job = p.draft.validate(&ctx).expect("valid");
        let tasks: Vec<TaskKindId> = job.tasks.iter().map(|t| t.task.clone()).collect();
        let g = pay_guidance(taxonomy, &tasks, &job.pay, region.prefecture, on);
        assert!(
            g.warnings
                .iter()
                .all(|w| w.code != PayWarningCode::BelowMinimumWage
                    && w.code != PayWarningCode::BelowTypicalPay),
            "{}: {:?}",
            p.id,
            g.warnings
        );
    }
}

#[test]
fn the_three_named_needs_come_first_for_their_words() {
    let t = Taxonomy::builtin();
    assert_eq!(
        suggest("Instagramの更新が止まっている", t)[0].id,
        "sns_stalled"
    );
    assert_eq!(suggest("インスタ", t)[0].id, "sns_stalled");
    assert_eq!(
        suggest("月末の請求書と記帳が重い", t)[0].id,
        "month_end_books"
    );
    assert_eq!(
        suggest("紙の申込書をデータにしたい", t)[0].id,
        "paper_forms"
    );
    // Full-width letters are folded before matching.
    assert_eq!(suggest("ＩＮＳＴＡＧＲＡＭ", t)[0].id, "sns_stalled");
}

#[test]
fn higher_data_access_is_proposed_where_customers_data_is_touched() {
    let t = Taxonomy::builtin();
    let forms = proposal("paper_forms", t).expect("template");
    assert_eq!(forms.draft.data_access.as_str(), "customer_personal_data");
    assert_eq!(forms.draft.pay_kind.as_str(), "per_task");
    let sns = proposal("sns_stalled", t).expect("template");
    assert_eq!(sns.draft.data_access.as_str(), "public_only");
    assert!(proposal("nope", t).is_none());
}

#[test]
fn a_request_naming_several_needs_is_split_into_each_of_them() {
    let t = Taxonomy::builtin();
    let ids: Vec<String> = named_in(
        "月末の請求書と記帳が重いし、インスタの更新も止まっている",
        t,
    )
    .into_iter()
    .map(|p| p.id)
    .collect();
    assert!(ids.contains(&"month_end_books".to_owned()), "{ids:?}");
    assert!(ids.contains(&"sns_stalled".to_owned()), "{ids:?}");
    assert!(named_in("とくにありません", t).is_empty());
}

#[test]
fn latin_keywords_match_whole_words_only() {
    assert!(contains_keyword("x の投稿", "x"));
    assert!(contains_keyword("sns(x)", "x"));
    assert!(!contains_keyword("excelの入力", "x"));
    assert!(!contains_keyword("fax", "x"));
    assert!(contains_keyword("インスタグラム", "インスタ"));
    let t = Taxonomy::builtin();
    assert!(
        named_in("excelの表を作ってfaxで送る", t)
            .iter()
            .all(|p| p.id != "sns_stalled")
    );
}
