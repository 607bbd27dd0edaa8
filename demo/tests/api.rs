//! Wire types (`domain::api`) built from the demo region.

use domain::api::TalentCard;
use domain::matching::score;
use domain::vocabulary::Taxonomy;
use musubi_demo::{DemoConfig, DemoRegion};

#[test]
fn a_talent_card_never_carries_the_name() {
    let demo = DemoRegion::new(DemoConfig::default());
    let job = demo.jobs().into_iter().next().expect("a demo job");
    for resident in demo.residents().take(50) {
        let s = score(&job, &resident, Taxonomy::builtin());
        let card = TalentCard::new(&resident, s, Taxonomy::builtin());
        let json = serde_json::to_string(&card).expect("serialise");
        assert!(!json.contains(&resident.display_name), "{json}");
        assert_eq!(card.skills.len(), resident.skills.len());
    }
}
