//! The security course flag (`domain::trust`) on the demo region's programs.

use domain::model::*;
use domain::trust::*;
use domain::validate::Raw;

#[test]
fn only_a_course_can_be_a_security_course_and_a_form_without_the_flag_keeps_it() {
    let demo = musubi_demo::DemoRegion::new(musubi_demo::DemoConfig::default());
    let programs = demo.programs();
    let mut course = programs
        .iter()
        .find(|p| matches!(p.kind, ProgramKind::Course { .. }))
        .cloned()
        .expect("a course");
    let mut scheme = programs
        .iter()
        .find(|p| matches!(p.kind, ProgramKind::SupportScheme { .. }))
        .cloned()
        .expect("a scheme");
    let flag = |v: &str| SecurityCourseFlag {
        security_course: Raw(v.to_owned()),
    };
    flag("true").apply(&mut course, false);
    assert!(course.security_course);
    flag("").apply(&mut course, true);
    assert!(course.security_course, "not given keeps it");
    flag("false").apply(&mut course, true);
    assert!(!course.security_course);
    flag("true").apply(&mut scheme, false);
    assert!(!scheme.security_course, "a support scheme is no course");
    let from_json: SecurityCourseFlag =
        serde_json::from_str(r#"{"name_ja":"講座","security_course":"true"}"#).expect("json");
    assert_eq!(from_json.security_course.as_str(), "true");
    // A stored program from before the flag reads as no security course.
    let mut json = serde_json::to_value(&course).expect("json");
    json.as_object_mut().map(|o| o.remove("security_course"));
    let old: Program = serde_json::from_value(json).expect("old program");
    assert!(!old.security_course);
}
