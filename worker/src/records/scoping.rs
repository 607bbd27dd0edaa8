//! Work requests as more than one handler reads them: a request with its company's name, the
//! hub's proposal and the company's answer, and a company's list of its requests.

use domain::model::{Company, CompanyId, WorkRequestId};
use domain::scoping::{RequestView, ScopeAnswer, ScopeProposal, WorkRequest};

use crate::error::{ApiError, ApiResult};
use crate::store::{Store, keys};

pub async fn company_record(store: &Store, id: &str) -> ApiResult<Company> {
    store
        .get_json(&keys::company(id))
        .await?
        .ok_or(ApiError::NotFound)
}

/// The hub's proposal in force and the company's latest answer, read in parallel.
pub async fn proposal_and_answer(
    store: &Store,
    request: &WorkRequestId,
) -> ApiResult<(Option<ScopeProposal>, Option<ScopeAnswer>)> {
    let (p, a) = (
        keys::scope_proposal(request.as_str()),
        keys::scope_answer(request.as_str()),
    );
    futures_util::try_join!(store.get_json(&p), store.get_json(&a))
}

/// A request with its company's name, proposal and answer.
pub async fn view_of(store: &Store, request: WorkRequest) -> ApiResult<RequestView> {
    let company = keys::company(request.company.as_str());
    let (company, (proposal, answer)) = futures_util::try_join!(
        store.get_json::<Company>(&company),
        proposal_and_answer(store, &request.id),
    )?;
    let name = company.map(|c| c.name).unwrap_or_default();
    Ok(RequestView::new(request, name, proposal, answer))
}

pub async fn views(store: &Store, ids: Vec<String>) -> ApiResult<Vec<RequestView>> {
    let read = |id: String| async move {
        match store
            .get_json::<WorkRequest>(&keys::work_request(&id))
            .await?
        {
            Some(r) => view_of(store, r).await.map(Some),
            None => ApiResult::Ok(None),
        }
    };
    let found = futures_util::future::try_join_all(ids.into_iter().map(read)).await?;
    Ok(found.into_iter().flatten().collect())
}

/// A company's requests, newest first (its list, and its handover timeline for the hub).
pub async fn of_company(store: &Store, company: &CompanyId) -> ApiResult<Vec<RequestView>> {
    let ids = store
        .list_suffixes(&keys::company_requests_prefix(company.as_str()))
        .await?;
    let mut list = views(store, ids).await?;
    list.retain(|v| &v.request.company == company);
    list.sort_by_key(|v| std::cmp::Reverse(v.request.at));
    Ok(list)
}
