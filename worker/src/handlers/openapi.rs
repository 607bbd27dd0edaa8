//! `GET /api/v1/openapi.json`: the API's OpenAPI 3.1 document, kept true by a test that checks
//! every route of the router is described in it.

use worker::Response;

use crate::error::ApiResult;
use crate::http::{self, Ctx};

pub const DOCUMENT: &str = include_str!("../../openapi.json");

pub fn get(ctx: &Ctx) -> ApiResult<Response> {
    let value: serde_json::Value = serde_json::from_str(DOCUMENT)?;
    http::json_cached(ctx, &value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::router::ROUTES;

    #[test]
    fn every_route_is_in_the_openapi_document() {
        let doc: serde_json::Value = serde_json::from_str(DOCUMENT).expect("valid JSON");
        assert_eq!(doc["openapi"].as_str().map(|v| &v[..3]), Some("3.1"));
        for r in ROUTES {
            let op = &doc["paths"][r.path][r.method.to_lowercase()];
            assert!(
                op.is_object(),
                "{} {} is missing from openapi.json",
                r.method,
                r.path
            );
            assert!(
                op["responses"].is_object(),
                "{} {} has no responses",
                r.method,
                r.path
            );
        }
    }

    #[test]
    fn every_operation_lists_the_roles_of_its_route() {
        let doc: serde_json::Value = serde_json::from_str(DOCUMENT).expect("valid JSON");
        for r in ROUTES {
            let listed: Vec<&str> = doc["paths"][r.path][r.method.to_lowercase()]["x-roles"]
                .as_array()
                .map(|a| a.iter().filter_map(serde_json::Value::as_str).collect())
                .unwrap_or_default();
            assert_eq!(
                listed,
                r.roles.names(),
                "x-roles of {} {} in openapi.json differ from the route table",
                r.method,
                r.path
            );
        }
    }

    #[test]
    fn the_document_has_no_route_the_router_lacks() {
        let doc: serde_json::Value = serde_json::from_str(DOCUMENT).expect("valid JSON");
        let paths = doc["paths"].as_object().expect("paths");
        for (path, item) in paths {
            for method in item.as_object().expect("path item").keys() {
                let known = ROUTES
                    .iter()
                    .any(|r| r.path == path && r.method.eq_ignore_ascii_case(method));
                assert!(
                    known,
                    "openapi.json documents {method} {path}, which the router lacks"
                );
            }
        }
    }
}
