//! Who may call each route: the first, uniform check before a handler runs (the router's
//! `Route::roles`, the OpenAPI document's `x-roles`, tests/api/matrix.test.mjs's table).
//!
//! A role outside a route's set is refused before dispatch: 401 without a session, 403 with one.
//! A role inside it reaches the handler, whose own guards (`auth`: the hub of this region, a member
//! of this company, a party to this engagement, an approved company…) decide the rest; so a role
//! may be let through here and still be refused, or told 404, for a resource that is not its own
//! (municipality staff are let through to an engagement's routes and told it does not exist).
//! Admin accounts are not one of these five roles: they always reach the handler.

use domain::account::Role;

use crate::router::Handler;

/// A set of the five callers: anonymous, resident, company member, hub coordinator,
/// municipality staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles(u8);

impl Roles {
    pub const ANONYMOUS: Roles = Roles(1);
    pub const RESIDENT: Roles = Roles(1 << 1);
    pub const COMPANY: Roles = Roles(1 << 2);
    pub const HUB: Roles = Roles(1 << 3);
    pub const CITY: Roles = Roles(1 << 4);
    /// Every signed-in role.
    pub const SIGNED_IN: Roles = Roles(0b11110);
    /// Everyone, with a session or without.
    pub const ANYONE: Roles = Roles(0b11111);

    /// The five roles with their names in the OpenAPI document's `x-roles`, in its order.
    pub const NAMED: [(Roles, &'static str); 5] = [
        (Roles::ANONYMOUS, "anonymous"),
        (Roles::RESIDENT, "resident"),
        (Roles::COMPANY, "company"),
        (Roles::HUB, "hub"),
        (Roles::CITY, "city"),
    ];

    pub const fn and(self, other: Roles) -> Roles {
        Roles(self.0 | other.0)
    }

    pub const fn contains(self, other: Roles) -> bool {
        self.0 & other.0 == other.0
    }

    /// The names of the roles in the set, as the OpenAPI document lists them.
    pub fn names(self) -> Vec<&'static str> {
        Roles::NAMED
            .iter()
            .filter(|(r, _)| self.contains(*r))
            .map(|(_, n)| *n)
            .collect()
    }

    /// Does a signed-in account's role pass? Admin accounts always do (see the module's note).
    pub fn admits(self, role: &Role) -> bool {
        let one = match role {
            Role::Resident => Roles::RESIDENT,
            Role::CompanyMember { .. } => Roles::COMPANY,
            Role::Hub { .. } => Roles::HUB,
            Role::MunicipalityStaff { .. } => Roles::CITY,
            Role::Admin => return true,
        };
        self.contains(one)
    }
}

impl Handler {
    /// The roles a handler's routes let through (the route table's role matrix).
    pub const fn roles(self) -> Roles {
        match self {
            Handler::Health
            | Handler::OpenApi
            | Handler::PublicSummary
            | Handler::Vocabulary
            | Handler::Region
            | Handler::DevSeed
            | Handler::DevReindex
            | Handler::DevClockGet
            | Handler::DevClockSet
            | Handler::Register
            | Handler::Login
            | Handler::Logout
            | Handler::CompanyRegister
            | Handler::Needs
            | Handler::RecordPublicKey
            | Handler::RecordVerify
            | Handler::RecordKeys
            | Handler::RecordGet => Roles::ANYONE,
            Handler::Me
            | Handler::JobGet
            | Handler::EngagementGet
            | Handler::EngagementEvent
            | Handler::ProgramList
            | Handler::MyExport
            | Handler::DeleteMe
            | Handler::WorkRequestGet
            | Handler::WorkRequestAnswer
            | Handler::RecordRevoke
            | Handler::EngagementTerms
            | Handler::FairEngagementPayout
            | Handler::FairTermsGet
            | Handler::FairTermsPut
            | Handler::FairTermsAcknowledge
            | Handler::FairPayScheduleCheck
            | Handler::FairReports
            | Handler::FairReportReview
            | Handler::FairEngagementInvoices
            | Handler::FairInvoiceGet
            | Handler::FairPaymentRecord
            | Handler::FairReceiptConfirm
            | Handler::FairEndingGet => Roles::SIGNED_IN,
            Handler::IssueInvite | Handler::MunicipalityMetrics | Handler::FairPaidToResidents => {
                Roles::HUB.and(Roles::CITY)
            }
            Handler::ListInvites
            | Handler::HubPipeline
            | Handler::HubDue
            | Handler::ApproveCompany
            | Handler::ResidentVerification
            | Handler::HubAttention
            | Handler::HubCompanies
            | Handler::WorkRequestWorkspace
            | Handler::WorkRequestCheck
            | Handler::WorkRequestPropose
            | Handler::HubWorkRequests
            | Handler::HubResidentTimeline
            | Handler::HubCompanyTimeline
            | Handler::ResidentIdentity
            | Handler::FairHubOverdue
            | Handler::FairHubWaiting => Roles::HUB,
            Handler::ProfileGet
            | Handler::ProfilePut
            | Handler::MyMatches
            | Handler::MyInbox
            | Handler::MyCourses
            | Handler::DecideCourse
            | Handler::ResidentInterest
            | Handler::MyRecord
            | Handler::FairPayoutGet
            | Handler::FairPayoutPut
            | Handler::FairInbox
            | Handler::FairEarnings => Roles::RESIDENT,
            Handler::MyEngagements => Roles::RESIDENT.and(Roles::COMPANY).and(Roles::HUB),
            Handler::JobCreate
            | Handler::CompanyInterest
            | Handler::CompanyUpdate
            | Handler::JobPreview
            | Handler::Shortlist
            | Handler::ShortlistAdd
            | Handler::ShortlistRemove
            | Handler::CompanyJobs
            | Handler::CompanyEngagements
            | Handler::CompanyWorkRequests
            | Handler::CompanyTermsUpdate
            | Handler::FairCompanyProfileGet
            | Handler::FairCompanyProfilePut => Roles::COMPANY,
            Handler::JobUpdate
            | Handler::JobClose
            | Handler::JobTalent
            | Handler::JobTeam
            | Handler::CompanyGet
            | Handler::CompanyApproval
            | Handler::WorkRequestCreate
            | Handler::CompanyTerms => Roles::COMPANY.and(Roles::HUB),
            Handler::ProgramCreate
            | Handler::ProgramUpdate
            | Handler::ProgramEnrol
            | Handler::ProgramComplete
            | Handler::ProgramEnrolments
            | Handler::ProgramPlacement => Roles::CITY,
            Handler::FairReportSubmit
            | Handler::FairInvoiceCreate
            | Handler::FairReasonRequest
            | Handler::FairCareAsk => Roles::RESIDENT.and(Roles::CITY),
            // The commissioner's: the company, or the hub in a 再委託 (the handler checks the
            // side of the terms in force); the city passes to be told the work is not its own.
            Handler::FairEndingPut | Handler::FairReasonAnswer | Handler::FairCareAnswer => {
                Roles::COMPANY.and(Roles::HUB).and(Roles::CITY)
            }
            // The side that sets terms; the city passes to be told the engagement is not its own.
            Handler::FairTermsDraft => Roles::COMPANY.and(Roles::HUB).and(Roles::CITY),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::model::{CompanyId, MunicipalityId, RegionId};

    #[test]
    fn a_set_admits_its_roles_and_admin_always() {
        let hub_or_city = Roles::HUB.and(Roles::CITY);
        assert!(hub_or_city.admits(&Role::Hub {
            region: RegionId::from("midori")
        }));
        assert!(hub_or_city.admits(&Role::MunicipalityStaff {
            municipality: MunicipalityId::from("m1")
        }));
        assert!(!hub_or_city.admits(&Role::Resident));
        assert!(!hub_or_city.admits(&Role::CompanyMember {
            company: CompanyId::from("c1")
        }));
        assert!(Roles::RESIDENT.admits(&Role::Admin));
        assert_eq!(hub_or_city.names(), ["hub", "city"]);
        assert_eq!(
            Roles::ANYONE.names(),
            ["anonymous", "resident", "company", "hub", "city"]
        );
        assert!(!Roles::SIGNED_IN.contains(Roles::ANONYMOUS));
    }
}
