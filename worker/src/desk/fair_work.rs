//! Fair work records in the region desk (issue 19): profiles for the Freelance Act, terms
//! statements with their versions and acknowledgements, work reports and their inspection,
//! invoices, payments and endings. Every rule is the domain's (`domain::fair_work`); this module
//! reads and writes rows in the caller's transaction, so a check and the write that depends on
//! it (the hash a party acknowledges, a second invoice for a period) cannot interleave.

use chrono::{DateTime, NaiveDate, Utc};
use domain::fair_work::acceptance::{AcceptedHow, ReportContent, ReportEvent, ReportState};
pub use domain::fair_work::api::{
    Contracting, EndingRecord, InvoiceRecord, PaymentRecord, ReportRecord,
};
use domain::fair_work::billing;
use domain::fair_work::care::{self, CareInput, CareRecord};
use domain::fair_work::ending::TermsFacts;
use domain::fair_work::invoice::{self, InvoiceDraft, RegistrationNumber, Rounding};
use domain::fair_work::pay_calendar::{recommission_statutory_due, statutory_due_date};
use domain::fair_work::payout::PaidToResident;
use domain::fair_work::terms_statement::{
    Acknowledgement, Delivery, Inspection, PaymentDue, Side, TermsStatement, VersionedStatement,
};
use domain::fair_work::waiting::{self, Sides, WaitingRequest};
use domain::fair_work::{Refusal, Yen};
use domain::model::{CompanyId, JobId, RegionId, ResidentId};
use domain::validate::FieldError;
use serde::{Deserialize, Serialize};

use super::sql::{Arg, DeskError, DeskResult, Sql, count, json, parse};

/// The tables (one forward migration, appended to `schema::MIGRATIONS`).
pub const MIGRATION: &[&str] = &[
    // A party's facts for the Act: a company's `BusinessProfile`, a resident's registration
    // number and bank details (`PayoutProfile`). JSON; erased with the account.
    "CREATE TABLE fair_profile (
        party TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        at_ms INTEGER NOT NULL
    )",
    // One version of an engagement's terms statement (`TermsDoc` JSON) and the SHA-256 of its
    // exact text.
    "CREATE TABLE fair_terms (
        engagement TEXT NOT NULL,
        version INTEGER NOT NULL,
        doc TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (engagement, version)
    )",
    // One side's acknowledgement of one version: when, and the hash of the text it saw.
    "CREATE TABLE fair_ack (
        engagement TEXT NOT NULL,
        version INTEGER NOT NULL,
        side TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (engagement, version, side)
    )",
    // A work report of a period (`ReportRecord` JSON: content, state, its events).
    "CREATE TABLE fair_report (
        id TEXT PRIMARY KEY,
        engagement TEXT NOT NULL,
        period TEXT NOT NULL,
        doc TEXT NOT NULL
    )",
    "CREATE INDEX fair_report_by_engagement ON fair_report (engagement, period)",
    // One invoice per engagement and period (`Invoice` JSON, every printed figure).
    "CREATE TABLE fair_invoice (
        id TEXT PRIMARY KEY,
        engagement TEXT NOT NULL,
        period TEXT NOT NULL,
        resident TEXT NOT NULL,
        company TEXT NOT NULL,
        doc TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        UNIQUE (engagement, period)
    )",
    "CREATE INDEX fair_invoice_by_resident ON fair_invoice (resident)",
    "CREATE INDEX fair_invoice_by_company ON fair_invoice (company)",
    // A payment the paying party recorded, and when the resident confirmed receipt.
    "CREATE TABLE fair_payment (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        invoice TEXT NOT NULL,
        paid_on TEXT NOT NULL,
        amount INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        confirmed_on TEXT
    )",
    "CREATE INDEX fair_payment_by_invoice ON fair_payment (invoice)",
    // How an engagement ends (`EndingRecord` JSON: notice, basis, the reason on request).
    "CREATE TABLE fair_ending (
        engagement TEXT PRIMARY KEY,
        doc TEXT NOT NULL
    )",
];

/// The care requests (Freelance Act Art. 13; a later forward migration, appended to
/// `schema::MIGRATIONS` after the others).
pub const CARE_MIGRATION: &[&str] = &[
    // A resident's request for consideration of pregnancy, childcare or caregiving and the
    // commissioner's answer (`CareRecord` JSON); `state` mirrors the document's, so that the
    // partial unique index keeps at most one open request per engagement.
    "CREATE TABLE fair_care (
        engagement TEXT NOT NULL,
        id TEXT NOT NULL,
        state TEXT NOT NULL,
        doc TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (engagement, id)
    )",
    "CREATE UNIQUE INDEX fair_care_one_open ON fair_care (engagement) WHERE state = 'open'",
];

/// An engagement's terms as stored: the statement and who stands behind each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsDoc {
    pub statement: TermsStatement,
    pub contracting: Contracting,
    pub job: JobId,
    pub company: CompanyId,
    pub resident: ResidentId,
    pub region: RegionId,
    /// The commissioner is a 特定業務委託事業者 (Art. 4, 16 apply).
    pub specified: bool,
    /// The job's tasks are ones the law withholds income tax on.
    pub withholding: bool,
}

/// The version in force, with its text's hash and its acknowledgements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsRecord {
    pub version: u32,
    pub doc: TermsDoc,
    pub text_hash: String,
    pub created_at: DateTime<Utc>,
    pub acknowledgements: Vec<Acknowledgement>,
}

impl TermsRecord {
    pub fn versioned(&self) -> VersionedStatement {
        VersionedStatement {
            version: self.version,
            statement: self.doc.statement.clone(),
            acknowledgements: self.acknowledgements.clone(),
        }
    }
}

/// One engagement's first terms as the demo seed writes them: confirmed by both at `agreed_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedTerms {
    pub engagement: String,
    pub doc: TermsDoc,
    pub agreed_at: DateTime<Utc>,
}

/// What an invoice needs besides the period's reports (the handler reads it from the terms
/// and the profiles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceBasis {
    pub issuer: String,
    pub registration: Option<RegistrationNumber>,
    pub recipient: String,
    pub description: String,
    pub withholding: bool,
    pub payer_withholds: bool,
    pub payment_due: Option<PaymentDue>,
    /// 元委託支払期日 of a 再委託.
    pub original_due: Option<NaiveDate>,
    pub issued_on: NaiveDate,
}

/// Whose invoices to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoicesOf {
    Engagement(String),
    Resident(String),
    Company(String),
    /// Every invoice of the desk's region.
    Region,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FairCommand {
    Profile {
        party: String,
    },
    PutProfile {
        party: String,
        doc: serde_json::Value,
        at: DateTime<Utc>,
    },
    /// A deleted account's profile (bank details included) is gone.
    EraseProfile {
        party: String,
    },
    Terms {
        engagement: String,
    },
    /// Stores the statement as the next version when it differs from the one in force, with
    /// the SHA-256 of its exact text ([`text_hash`]).
    PutTerms {
        engagement: String,
        doc: TermsDoc,
        at: DateTime<Utc>,
    },
    Acknowledge {
        engagement: String,
        version: u32,
        side: Side,
        text_hash: String,
        at: DateTime<Utc>,
    },
    /// What the fair-work rows hold about a resident, for their export: the payout profile,
    /// their engagements' terms, reports, endings and care requests, and their invoices.
    DocumentsAbout {
        party: String,
    },
    /// The demo seed: terms both sides confirmed at `agreed_at`, for engagements that have none.
    ImportTerms {
        terms: Vec<ImportedTerms>,
    },
    SubmitReport {
        engagement: String,
        id: String,
        period: String,
        content: ReportContent,
        inspection: Inspection,
        on: NaiveDate,
    },
    /// The engagement's reports, settled as of `today` (automatic acceptance is recorded).
    Reports {
        engagement: String,
        today: NaiveDate,
    },
    ReviewReport {
        engagement: String,
        id: String,
        event: ReportEvent,
        inspection: Inspection,
    },
    CreateInvoice {
        engagement: String,
        id: String,
        period: String,
        resident: ResidentId,
        company: CompanyId,
        basis: InvoiceBasis,
        at: DateTime<Utc>,
    },
    Invoice {
        id: String,
    },
    Invoices {
        of: InvoicesOf,
    },
    RecordPayment {
        invoice: String,
        paid_on: NaiveDate,
        amount: Yen,
        at: DateTime<Utc>,
    },
    /// The resident confirms every recorded payment not yet confirmed.
    ConfirmReceipt {
        invoice: String,
        on: NaiveDate,
    },
    Ending {
        engagement: String,
    },
    PutEnding {
        record: EndingRecord,
    },
    /// Every payment of the region, for the city's figure.
    PaidToResidents,
    /// The resident asks for consideration (Art. 13); refused while another is open. `text` is
    /// the input's checked text (`CareInput::validate`).
    AskCare {
        engagement: String,
        input: CareInput,
        text: String,
        at: DateTime<Utc>,
    },
    /// The commissioner answers an open request (`text`: checked, `CareAnswerInput::validate`).
    AnswerCare {
        engagement: String,
        id: String,
        accommodate: bool,
        text: String,
        at: DateTime<Utc>,
    },
    /// The engagement's care requests, oldest first.
    CareRequests {
        engagement: String,
    },
    /// The region's requests waiting for the commissioner's answer (open care requests and
    /// requests for the reason of an ending), the longest waiting first; with `company`, only
    /// those on that company's engagements.
    Waiting {
        today: NaiveDate,
        company: Option<String>,
    },
}

/// `Debug` names the variant only: the worker formats unexpected desk answers for its logs,
/// and a derived `Debug` of every record inside would add its code to the worker bundle.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FairAnswer {
    Done,
    Profile {
        doc: Option<serde_json::Value>,
    },
    Terms {
        terms: Option<TermsRecord>,
    },
    Reports {
        reports: Vec<ReportRecord>,
    },
    Invoice {
        invoice: Option<InvoiceRecord>,
    },
    Invoices {
        invoices: Vec<InvoiceRecord>,
    },
    Ending {
        ending: Option<EndingRecord>,
    },
    Paid {
        payments: Vec<PaidToResident>,
    },
    /// One care request (`None`: no such request).
    Care {
        care: Option<CareRecord>,
    },
    CareRequests {
        requests: Vec<CareRecord>,
    },
    Waiting {
        waiting: Vec<WaitingRequest>,
    },
    /// Documents as kept: where (`desk:{table}:{key}`) and the JSON.
    Documents {
        docs: Vec<(String, serde_json::Value)>,
    },
    /// A domain rule refused the action (409 or 422 by its code).
    Refused {
        refusal: Refusal,
    },
    Invalid {
        fields: Vec<FieldError>,
    },
}

impl std::fmt::Debug for FairAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            FairAnswer::Done => "Done",
            FairAnswer::Profile { .. } => "Profile",
            FairAnswer::Terms { .. } => "Terms",
            FairAnswer::Reports { .. } => "Reports",
            FairAnswer::Invoice { .. } => "Invoice",
            FairAnswer::Invoices { .. } => "Invoices",
            FairAnswer::Ending { .. } => "Ending",
            FairAnswer::Paid { .. } => "Paid",
            FairAnswer::Care { .. } => "Care",
            FairAnswer::CareRequests { .. } => "CareRequests",
            FairAnswer::Waiting { .. } => "Waiting",
            FairAnswer::Documents { .. } => "Documents",
            FairAnswer::Refused { refusal } => {
                return write!(f, "Refused({})", refusal.code.as_str());
            }
            FairAnswer::Invalid { fields } => return write!(f, "Invalid({} fields)", fields.len()),
        };
        f.write_str(name)
    }
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// The engagement's ending record (notice given, reason asked and answered), if any.
fn ending_of<S: Sql>(sql: &S, engagement: &str) -> DeskResult<Option<EndingRecord>> {
    doc_of(
        sql,
        "SELECT doc FROM fair_ending WHERE engagement = ?",
        engagement,
    )
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Commissioner => "commissioner",
        Side::Contractor => "contractor",
    }
}

use super::sql::{Doc, doc_of};

pub fn execute<S: Sql>(sql: &S, command: FairCommand) -> DeskResult<FairAnswer> {
    match command {
        FairCommand::Profile { party } => {
            let doc = doc_of(sql, "SELECT doc FROM fair_profile WHERE party = ?", &party)?;
            Ok(FairAnswer::Profile { doc })
        }
        FairCommand::PutProfile { party, doc, at } => {
            sql.run(
                "INSERT INTO fair_profile (party, doc, at_ms) VALUES (?, ?, ?)
                 ON CONFLICT (party) DO UPDATE SET doc = excluded.doc, at_ms = excluded.at_ms",
                &[party.into(), json(&doc)?.into(), ms(at).into()],
            )?;
            Ok(FairAnswer::Done)
        }
        FairCommand::EraseProfile { party } => {
            sql.run("DELETE FROM fair_profile WHERE party = ?", &[party.into()])?;
            Ok(FairAnswer::Done)
        }
        FairCommand::Terms { engagement } => Ok(FairAnswer::Terms {
            terms: latest_terms(sql, &engagement)?,
        }),
        FairCommand::PutTerms {
            engagement,
            doc,
            at,
        } => {
            let current = latest_terms(sql, &engagement)?;
            if let Some(c) = &current
                && c.doc == doc
            {
                return Ok(FairAnswer::Terms { terms: current });
            }
            let version = current.as_ref().map_or(1, |c| c.version + 1);
            insert_terms(sql, &engagement, version, &doc, at)?;
            Ok(FairAnswer::Terms {
                terms: latest_terms(sql, &engagement)?,
            })
        }
        FairCommand::DocumentsAbout { party } => {
            let profile = doc_of(sql, "SELECT doc FROM fair_profile WHERE party = ?", &party)?;
            let mut docs: Vec<(String, serde_json::Value)> = profile
                .map(|doc| (format!("desk:fair_profile:{party}"), doc))
                .into_iter()
                .collect();
            for d in documents_about(sql, &party)?.docs {
                docs.push((format!("desk:{}:{}", d.table, d.key), parse(&d.doc)?));
            }
            Ok(FairAnswer::Documents { docs })
        }
        FairCommand::ImportTerms { terms } => {
            for t in terms {
                let held = "SELECT COUNT(*) AS n FROM fair_terms WHERE engagement = ?";
                if count(sql, held, &[t.engagement.as_str().into()])? > 0 {
                    continue;
                }
                let hash = insert_terms(sql, &t.engagement, 1, &t.doc, t.agreed_at)?;
                for side in [Side::Commissioner, Side::Contractor] {
                    insert_ack(sql, &t.engagement, 1, side, &hash, t.agreed_at)?;
                }
            }
            Ok(FairAnswer::Done)
        }
        FairCommand::Acknowledge {
            engagement,
            version,
            side,
            text_hash,
            at,
        } => {
            let Some(current) = latest_terms(sql, &engagement)? else {
                return Ok(FairAnswer::Terms { terms: None });
            };
            let mut versioned = current.versioned();
            let ack = Acknowledgement {
                by: side,
                version,
                at,
                text_hash: text_hash.clone(),
            };
            if let Err(refusal) = versioned.acknowledge(ack, &current.text_hash) {
                return Ok(FairAnswer::Refused { refusal });
            }
            insert_ack(sql, &engagement, version, side, &text_hash, at)?;
            Ok(FairAnswer::Terms {
                terms: latest_terms(sql, &engagement)?,
            })
        }
        FairCommand::SubmitReport {
            engagement,
            id,
            period,
            content,
            inspection,
            on,
        } => {
            if let Err(refusal) = content.check() {
                return Ok(FairAnswer::Refused { refusal });
            }
            let event = ReportEvent::Submit { on };
            let existing = report(sql, &engagement, &id)?;
            let record = match existing {
                // A report sent back for a fix is submitted again with its new content.
                Some(mut r) => match r.state.apply(&event, inspection) {
                    Ok(state) => {
                        r.state = state;
                        r.content = content;
                        r.history.push(event);
                        r
                    }
                    Err(refusal) => return Ok(FairAnswer::Refused { refusal }),
                },
                None => ReportRecord {
                    id: id.clone(),
                    engagement: engagement.clone(),
                    period,
                    content,
                    state: ReportState::submit(on, inspection),
                    history: vec![event],
                },
            };
            save_report(sql, &record)?;
            Ok(FairAnswer::Reports {
                reports: vec![record],
            })
        }
        FairCommand::Reports { engagement, today } => Ok(FairAnswer::Reports {
            reports: settled_reports(sql, &engagement, today)?,
        }),
        FairCommand::ReviewReport {
            engagement,
            id,
            event,
            inspection,
        } => {
            let Some(mut r) = report(sql, &engagement, &id)? else {
                return Ok(FairAnswer::Reports {
                    reports: Vec::new(),
                });
            };
            let on = match &event {
                ReportEvent::Submit { on }
                | ReportEvent::Accept { on }
                | ReportEvent::Return { on, .. } => *on,
            };
            settle(&mut r, on);
            match r.state.apply(&event, inspection) {
                Ok(state) => {
                    r.state = state;
                    r.history.push(event);
                    save_report(sql, &r)?;
                    Ok(FairAnswer::Reports { reports: vec![r] })
                }
                Err(refusal) => {
                    // An automatic acceptance found on the way is still recorded.
                    save_report(sql, &r)?;
                    Ok(FairAnswer::Refused { refusal })
                }
            }
        }
        FairCommand::CreateInvoice {
            engagement,
            id,
            period,
            resident,
            company,
            basis,
            at,
        } => {
            let taken = count(
                sql,
                "SELECT COUNT(*) AS n FROM fair_invoice WHERE engagement = ? AND period = ?",
                &[engagement.as_str().into(), period.as_str().into()],
            )?;
            if taken > 0 {
                return Ok(FairAnswer::Refused {
                    refusal: refusal_already_invoiced(),
                });
            }
            let reports: Vec<ReportRecord> = settled_reports(sql, &engagement, basis.issued_on)?
                .into_iter()
                .filter(|r| r.period == period)
                .collect();
            let Some(first_received) = reports.iter().map(|r| r.state.received_on()).min() else {
                return Ok(FairAnswer::Refused {
                    refusal: refusal_no_reports(),
                });
            };
            let pairs: Vec<(ReportState, ReportContent)> = reports
                .iter()
                .map(|r| (r.state.clone(), r.content.clone()))
                .collect();
            let lines = match billing::period_lines(
                &pairs,
                &agreed_amounts(sql, &engagement)?,
                &basis.description,
                basis.withholding,
                basis.issued_on,
            ) {
                Ok(lines) => lines,
                Err(refusal) => return Ok(FairAnswer::Refused { refusal }),
            };
            let due_on = due_on(&basis, first_received);
            let draft = InvoiceDraft {
                issuer: basis.issuer,
                registration: basis.registration,
                recipient: basis.recipient,
                issued_on: basis.issued_on,
                due_on,
                lines,
                rounding: Rounding::default(),
                payer_withholds: basis.payer_withholds,
            };
            let computed = match invoice::compute(&draft) {
                Ok(i) => i,
                Err(e) => return Ok(FairAnswer::Invalid { fields: e.0 }),
            };
            sql.run(
                "INSERT INTO fair_invoice (id, engagement, period, resident, company, doc, at_ms)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
                &[
                    id.as_str().into(),
                    engagement.into(),
                    period.into(),
                    resident.as_str().into(),
                    company.as_str().into(),
                    json(&computed)?.into(),
                    ms(at).into(),
                ],
            )?;
            Ok(FairAnswer::Invoice {
                invoice: invoice_by_id(sql, &id)?,
            })
        }
        FairCommand::Invoice { id } => Ok(FairAnswer::Invoice {
            invoice: invoice_by_id(sql, &id)?,
        }),
        FairCommand::Invoices { of } => {
            let (filter, args): (&str, Vec<Arg>) = match of {
                InvoicesOf::Engagement(e) => ("WHERE engagement = ?", vec![e.into()]),
                InvoicesOf::Resident(r) => ("WHERE resident = ?", vec![r.into()]),
                InvoicesOf::Company(c) => ("WHERE company = ?", vec![c.into()]),
                InvoicesOf::Region => ("", Vec::new()),
            };
            Ok(FairAnswer::Invoices {
                invoices: invoices_where(sql, filter, &args)?,
            })
        }
        FairCommand::RecordPayment {
            invoice,
            paid_on,
            amount,
            at,
        } => {
            let Some(record) = invoice_by_id(sql, &invoice)? else {
                return Ok(FairAnswer::Invoice { invoice: None });
            };
            if amount == Yen::ZERO || record.paid() + amount > record.invoice.payable {
                return Ok(FairAnswer::Refused {
                    refusal: refusal_amount(record.invoice.payable - record.paid()),
                });
            }
            sql.run(
                "INSERT INTO fair_payment (invoice, paid_on, amount, at_ms) VALUES (?, ?, ?, ?)",
                &[
                    invoice.as_str().into(),
                    paid_on.to_string().into(),
                    i64::try_from(amount.0).unwrap_or(i64::MAX).into(),
                    ms(at).into(),
                ],
            )?;
            Ok(FairAnswer::Invoice {
                invoice: invoice_by_id(sql, &invoice)?,
            })
        }
        FairCommand::ConfirmReceipt { invoice, on } => {
            let Some(record) = invoice_by_id(sql, &invoice)? else {
                return Ok(FairAnswer::Invoice { invoice: None });
            };
            if record.payments.is_empty() {
                return Ok(FairAnswer::Refused {
                    refusal: refusal_nothing_to_confirm(),
                });
            }
            sql.run(
                "UPDATE fair_payment SET confirmed_on = ? WHERE invoice = ? AND confirmed_on IS NULL",
                &[on.to_string().into(), invoice.as_str().into()],
            )?;
            Ok(FairAnswer::Invoice {
                invoice: invoice_by_id(sql, &invoice)?,
            })
        }
        FairCommand::Ending { engagement } => Ok(FairAnswer::Ending {
            ending: ending_of(sql, &engagement)?,
        }),
        FairCommand::PutEnding { record } => {
            sql.run(
                "INSERT INTO fair_ending (engagement, doc) VALUES (?, ?)
                 ON CONFLICT (engagement) DO UPDATE SET doc = excluded.doc",
                &[record.engagement.as_str().into(), json(&record)?.into()],
            )?;
            Ok(FairAnswer::Ending {
                ending: Some(record),
            })
        }
        FairCommand::PaidToResidents => {
            #[derive(Deserialize)]
            struct Row {
                resident: String,
                paid_on: String,
                amount: i64,
            }
            let rows = sql.rows::<Row>(
                "SELECT i.resident AS resident, p.paid_on AS paid_on, p.amount AS amount
                 FROM fair_payment p JOIN fair_invoice i ON i.id = p.invoice",
                &[],
            )?;
            let payments = rows
                .into_iter()
                .filter_map(|r| {
                    Some(PaidToResident {
                        resident: ResidentId(r.resident),
                        paid_on: r.paid_on.parse().ok()?,
                        amount: Yen(u64::try_from(r.amount).ok()?),
                    })
                })
                .collect();
            Ok(FairAnswer::Paid { payments })
        }
        FairCommand::AskCare {
            engagement,
            input,
            text,
            at,
        } => {
            let requests = care_requests(sql, &engagement)?;
            if let Err(refusal) = care::check_can_ask(&requests) {
                return Ok(FairAnswer::Refused { refusal });
            }
            let record = CareRecord::open(format!("c{}", requests.len() + 1), &input, text, at);
            save_care(sql, &engagement, &record, true)?;
            Ok(FairAnswer::Care { care: Some(record) })
        }
        FairCommand::AnswerCare {
            engagement,
            id,
            accommodate,
            text,
            at,
        } => {
            let Some(record) = care_requests(sql, &engagement)?
                .into_iter()
                .find(|r| r.id == id)
            else {
                return Ok(FairAnswer::Care { care: None });
            };
            match record.answer(accommodate, &text, at) {
                Ok(answered) => {
                    save_care(sql, &engagement, &answered, false)?;
                    Ok(FairAnswer::Care {
                        care: Some(answered),
                    })
                }
                Err(refusal) => Ok(FairAnswer::Refused { refusal }),
            }
        }
        FairCommand::CareRequests { engagement } => Ok(FairAnswer::CareRequests {
            requests: care_requests(sql, &engagement)?,
        }),
        FairCommand::Waiting { today, company } => Ok(FairAnswer::Waiting {
            waiting: waiting_requests(sql, today, company.as_deref())?,
        }),
    }
}

/// Open care requests and unanswered requests for the reason of an ending, each with the names
/// of its terms in force: two queries on the open rows only (the partial index `fair_care_one_open`
/// holds them), whatever the number of engagements answered long ago; a company's own only
/// when `company` is given, so its list does not compose the region's.
fn waiting_requests<S: Sql>(
    sql: &S,
    today: NaiveDate,
    company: Option<&str>,
) -> DeskResult<Vec<WaitingRequest>> {
    #[derive(Deserialize)]
    struct Row {
        engagement: String,
        doc: String,
        terms: Option<String>,
    }
    let company_arg = || company.map_or(Arg::Null, Arg::from);
    let of_company = [company_arg(), company_arg()];
    // The names come from the latest version of each engagement's terms (none before there are terms).
    let care = sql.rows::<Row>(
        "SELECT r.engagement, r.doc,
                (SELECT t.doc FROM fair_terms t WHERE t.engagement = r.engagement
                 ORDER BY t.version DESC LIMIT 1) AS terms
         FROM fair_care r WHERE r.state = 'open'
           AND (? IS NULL OR r.engagement IN (SELECT id FROM engagement WHERE company = ?))",
        &of_company,
    )?;
    let reasons = sql.rows::<Row>(
        "SELECT r.engagement, r.doc,
                (SELECT t.doc FROM fair_terms t WHERE t.engagement = r.engagement
                 ORDER BY t.version DESC LIMIT 1) AS terms
         FROM fair_ending r WHERE json_extract(r.doc, '$.reason_request.state') = 'open'
           AND (? IS NULL OR r.engagement IN (SELECT id FROM engagement WHERE company = ?))",
        &of_company,
    )?;
    let terms_of =
        |row: &Row| -> DeskResult<Option<TermsDoc>> { row.terms.as_deref().map(parse).transpose() };
    fn sides(t: Option<&TermsDoc>) -> Sides<'_> {
        t.map_or_else(Sides::default, |t| Sides {
            commissioner: &t.statement.commissioner.name,
            contractor: &t.statement.contractor.name,
            through_hub: t.contracting == Contracting::ThroughHub,
        })
    }
    let mut list = Vec::with_capacity(care.len() + reasons.len());
    for row in &care {
        let terms = terms_of(row)?;
        let request: CareRecord = parse(&row.doc)?;
        list.extend(waiting::care_waiting(
            &row.engagement,
            sides(terms.as_ref()),
            &request,
            today,
        ));
    }
    for row in &reasons {
        let terms = terms_of(row)?;
        let ending: EndingRecord = parse(&row.doc)?;
        list.extend(waiting::reason_waiting(
            sides(terms.as_ref()),
            &ending,
            today,
        ));
    }
    waiting::oldest_first(&mut list);
    Ok(list)
}

/// The engagement's care requests, oldest first.
fn care_requests<S: Sql>(sql: &S, engagement: &str) -> DeskResult<Vec<CareRecord>> {
    #[derive(Deserialize)]
    struct Row {
        doc: String,
    }
    sql.rows::<Row>(
        "SELECT doc FROM fair_care WHERE engagement = ? ORDER BY at_ms, id",
        &[engagement.into()],
    )?
    .iter()
    .map(|r| parse(&r.doc))
    .collect()
}

/// Writes a care request: a new row, or the answer of an existing one.
fn save_care<S: Sql>(sql: &S, engagement: &str, r: &CareRecord, new: bool) -> DeskResult<()> {
    if new {
        sql.run(
            "INSERT INTO fair_care (engagement, id, state, doc, at_ms) VALUES (?, ?, ?, ?, ?)",
            &[
                engagement.into(),
                r.id.as_str().into(),
                r.state.as_str().into(),
                json(r)?.into(),
                ms(r.asked_at).into(),
            ],
        )
    } else {
        sql.run(
            "UPDATE fair_care SET state = ?, doc = ? WHERE engagement = ? AND id = ?",
            &[
                r.state.as_str().into(),
                json(r)?.into(),
                engagement.into(),
                r.id.as_str().into(),
            ],
        )
    }
}

/// SHA-256 (hex) of the exact text both parties acknowledge
/// ([`TermsStatement::canonical_text`] of that version).
pub fn text_hash(statement: &TermsStatement, version: u32) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(statement.canonical_text(version).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The due date of a period's invoice: the statutory date for its earliest receipt (Art. 4).
fn due_on(basis: &InvoiceBasis, first_received: NaiveDate) -> NaiveDate {
    match basis.payment_due {
        Some(PaymentDue::Schedule(s)) => billing::due_for(Some(&s), first_received),
        Some(PaymentDue::Date(d)) => statutory_due_date(Some(d), first_received),
        Some(PaymentDue::DaysAfterOriginal(n)) => match basis.original_due {
            Some(original) => {
                let agreed = original
                    .checked_add_days(chrono::Days::new(u64::from(n)))
                    .unwrap_or(original);
                recommission_statutory_due(Some(agreed), original)
            }
            None => first_received,
        },
        None => billing::due_for(None, first_received),
    }
}

/// What the engagement's end events are checked against (`ending::check_end_event`): the terms
/// in force and the ending record, read in the caller's transaction.
pub fn end_facts<S: Sql>(
    sql: &S,
    engagement: &str,
) -> DeskResult<(TermsFacts, Option<EndingRecord>)> {
    let terms = latest_terms(sql, engagement)?.map_or_else(TermsFacts::default, |t| TermsFacts {
        specified: t.doc.specified,
        recommission: t.doc.contracting == Contracting::ThroughHub,
        from: t.doc.statement.delivery.map(Delivery::first_day),
    });
    Ok((terms, ending_of(sql, engagement)?))
}

/// Stores one version of an engagement's terms with the SHA-256 of its exact text; returns the
/// hash (what each side's acknowledgement must match).
fn insert_terms<S: Sql>(
    sql: &S,
    engagement: &str,
    version: u32,
    doc: &TermsDoc,
    at: DateTime<Utc>,
) -> DeskResult<String> {
    let hash = text_hash(&doc.statement, version);
    sql.run(
        "INSERT INTO fair_terms (engagement, version, doc, text_hash, at_ms)
         VALUES (?, ?, ?, ?, ?)",
        &[
            engagement.into(),
            i64::from(version).into(),
            json(doc)?.into(),
            hash.as_str().into(),
            ms(at).into(),
        ],
    )?;
    Ok(hash)
}

/// Stores one side's acknowledgement of a version, with the hash of the text it saw.
fn insert_ack<S: Sql>(
    sql: &S,
    engagement: &str,
    version: u32,
    side: Side,
    text_hash: &str,
    at: DateTime<Utc>,
) -> DeskResult<()> {
    sql.run(
        "INSERT INTO fair_ack (engagement, version, side, text_hash, at_ms)
         VALUES (?, ?, ?, ?, ?)",
        &[
            engagement.into(),
            i64::from(version).into(),
            side_name(side).into(),
            text_hash.into(),
            ms(at).into(),
        ],
    )?;
    Ok(())
}

/// The name a deleted resident's fair-work documents carry instead of theirs.
pub const FORGOTTEN_NAME: &str = "（退会した住民）";

/// A deleted resident in the fair-work rows. The company keeps the figures of its contracts and
/// invoices (its books need them), not the person: every id that names them becomes `anonymous`,
/// their name (as the terms wrote it) becomes [`FORGOTTEN_NAME`] wherever a document holds it,
/// their registration number is dropped, and the words said about the work (the items delivered,
/// a fix's or an ending's reason, a care request's words and its answer) are erased, as an
/// engagement's free text is. Runs in the
/// deletion's transaction, before the engagements are renamed.
pub fn forget<S: Sql>(sql: &S, party: &str, anonymous: &str) -> DeskResult<()> {
    let about = documents_about(sql, party)?;
    for d in &about.docs {
        let mut value: serde_json::Value = parse(&d.doc)?;
        scrub_person(&mut value, None, party, anonymous, &about.names);
        let doc = json(&value)?;
        match d.table {
            "fair_terms" => {
                let (engagement, version) = d.key.rsplit_once(':').unwrap_or((&d.key, "0"));
                sql.run(
                    "UPDATE fair_terms SET doc = ? WHERE engagement = ? AND version = ?",
                    &[doc.into(), engagement.into(), version.into()],
                )?;
            }
            "fair_invoice" => sql.run(
                "UPDATE fair_invoice SET doc = ?, resident = ? WHERE id = ?",
                &[doc.into(), anonymous.into(), d.key.as_str().into()],
            )?,
            "fair_report" => sql.run(
                "UPDATE fair_report SET doc = ? WHERE id = ?",
                &[doc.into(), d.key.as_str().into()],
            )?,
            "fair_care" => {
                // The request's and the answer's words about the resident's family go (the
                // document as JSON: no second reader of `CareRecord` in the bundle).
                for field in ["text", "answer"] {
                    if let Some(serde_json::Value::String(s)) = value.get_mut(field) {
                        s.clear();
                    }
                }
                let id = d.key.rsplit_once(':').map_or(d.key.as_str(), |(_, id)| id);
                sql.run(
                    "UPDATE fair_care SET doc = ? WHERE engagement = ? AND id = ?",
                    &[
                        json(&value)?.into(),
                        d.engagement.as_str().into(),
                        id.into(),
                    ],
                )?;
            }
            _ => sql.run(
                "UPDATE fair_ending SET doc = ? WHERE engagement = ?",
                &[doc.into(), d.key.as_str().into()],
            )?,
        }
    }
    Ok(())
}

/// One fair-work document about a resident: its table, its key there, its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PersonDoc {
    table: &'static str,
    key: String,
    engagement: String,
    doc: String,
}

/// Every fair-work document about a resident, and the names the terms gave them.
struct About {
    docs: Vec<PersonDoc>,
    names: Vec<String>,
}

/// What the fair-work rows hold about `party` (a resident): every version of their engagements'
/// terms, those engagements' reports, endings and care requests, and their invoices. The export
/// reads it and the erasure rewrites it, so both cover the same rows.
fn documents_about<S: Sql>(sql: &S, party: &str) -> DeskResult<About> {
    #[derive(Deserialize)]
    struct Row {
        key: String,
        engagement: String,
        doc: String,
    }
    // Ids are opaque tokens: a document naming the resident holds the id quoted (`LIKE` may
    // over-match on `_`; the parsed document decides).
    let quoted = format!("%\"{party}\"%");
    let mut docs = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for t in sql.rows::<Row>(
        "SELECT engagement || ':' || version AS key, engagement, doc FROM fair_terms
         WHERE doc LIKE ? ORDER BY engagement, version",
        &[quoted.as_str().into()],
    )? {
        let doc: TermsDoc = parse(&t.doc)?;
        if doc.resident.as_str() != party {
            continue;
        }
        let name = doc.statement.contractor.name.trim().to_owned();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
        docs.push(PersonDoc {
            table: "fair_terms",
            key: t.key,
            engagement: t.engagement,
            doc: t.doc,
        });
    }
    for i in sql.rows::<Row>(
        "SELECT id AS key, engagement, doc FROM fair_invoice WHERE resident = ? ORDER BY id",
        &[party.into()],
    )? {
        docs.push(PersonDoc {
            table: "fair_invoice",
            key: i.key,
            engagement: i.engagement,
            doc: i.doc,
        });
    }
    // The engagements their terms or invoices name, each once.
    let mut engagements: Vec<String> = docs.iter().map(|d| d.engagement.clone()).collect();
    engagements.sort();
    engagements.dedup();
    for engagement in &engagements {
        for (table, query) in [
            (
                "fair_report",
                "SELECT id AS key, engagement, doc FROM fair_report WHERE engagement = ? ORDER BY id",
            ),
            (
                "fair_ending",
                "SELECT engagement AS key, engagement, doc FROM fair_ending WHERE engagement = ?",
            ),
            (
                "fair_care",
                "SELECT engagement || ':' || id AS key, engagement, doc FROM fair_care
                 WHERE engagement = ? ORDER BY at_ms, id",
            ),
        ] {
            for r in sql.rows::<Row>(query, &[engagement.as_str().into()])? {
                docs.push(PersonDoc {
                    table,
                    key: r.key,
                    engagement: r.engagement,
                    doc: r.doc,
                });
            }
        }
    }
    Ok(About { docs, names })
}

/// Walks one fair-work document for [`forget`]: the id becomes `anonymous`, the names become
/// [`FORGOTTEN_NAME`], a registration number goes, free text (`reason`, delivered `items`) is
/// erased.
fn scrub_person(
    value: &mut serde_json::Value,
    key: Option<&str>,
    party: &str,
    anonymous: &str,
    names: &[String],
) {
    use serde_json::Value;
    match (key, value) {
        (Some("registration"), v) => *v = Value::Null,
        (Some("reason"), Value::String(s)) => s.clear(),
        (Some("items"), Value::Array(items)) => {
            for item in items {
                *item = Value::String("（削除済み）".to_owned());
            }
        }
        (_, Value::String(s)) if s == party => *s = anonymous.to_owned(),
        (_, Value::String(s)) => {
            for name in names {
                if s.contains(name.as_str()) {
                    *s = s.replace(name.as_str(), FORGOTTEN_NAME);
                }
            }
        }
        (_, Value::Array(items)) => {
            for item in items {
                scrub_person(item, None, party, anonymous, names);
            }
        }
        (_, Value::Object(fields)) => {
            for (k, v) in fields.iter_mut() {
                scrub_person(v, Some(k.as_str()), party, anonymous, names);
            }
        }
        _ => {}
    }
}

/// The engagement's terms in force with their acknowledgements, for the start's gate.
pub fn current_terms<S: Sql>(sql: &S, engagement: &str) -> DeskResult<Option<VersionedStatement>> {
    Ok(latest_terms(sql, engagement)?.map(|t| t.versioned()))
}

/// Every version of the engagement's terms both sides confirmed, with the (JST) day of the second
/// confirmation and its amount, oldest first: what each report is paid by (`billing::AgreedAmounts`).
fn agreed_amounts<S: Sql>(sql: &S, engagement: &str) -> DeskResult<billing::AgreedAmounts> {
    #[derive(Deserialize)]
    struct Row {
        doc: String,
        agreed_ms: i64,
    }
    let rows = sql.rows::<Row>(
        "SELECT t.doc AS doc, MAX(a.at_ms) AS agreed_ms FROM fair_terms t
         JOIN fair_ack a ON a.engagement = t.engagement AND a.version = t.version
         WHERE t.engagement = ?
         GROUP BY t.version HAVING COUNT(DISTINCT a.side) = 2 ORDER BY t.version",
        &[engagement.into()],
    )?;
    let mut agreed = Vec::with_capacity(rows.len());
    for row in rows {
        let doc: TermsDoc = parse(&row.doc)?;
        if let Some(amount) = doc.statement.amount {
            agreed.push((domain::metrics::jst_date(time(row.agreed_ms)), amount));
        }
    }
    Ok(billing::AgreedAmounts(agreed))
}

fn latest_terms<S: Sql>(sql: &S, engagement: &str) -> DeskResult<Option<TermsRecord>> {
    #[derive(Deserialize)]
    struct Row {
        version: i64,
        doc: String,
        text_hash: String,
        at_ms: i64,
    }
    #[derive(Deserialize)]
    struct AckRow {
        side: String,
        text_hash: String,
        at_ms: i64,
    }
    let rows = sql.rows::<Row>(
        "SELECT version, doc, text_hash, at_ms FROM fair_terms WHERE engagement = ?
         ORDER BY version DESC LIMIT 1",
        &[engagement.into()],
    )?;
    let Some(row) = rows.into_iter().next() else {
        return Ok(None);
    };
    let acks = sql.rows::<AckRow>(
        "SELECT side, text_hash, at_ms FROM fair_ack WHERE engagement = ? AND version = ?
         ORDER BY at_ms",
        &[engagement.into(), row.version.into()],
    )?;
    let version = u32::try_from(row.version).map_err(DeskError::of)?;
    Ok(Some(TermsRecord {
        version,
        doc: parse(&row.doc)?,
        text_hash: row.text_hash,
        created_at: time(row.at_ms),
        acknowledgements: acks
            .into_iter()
            .map(|a| Acknowledgement {
                by: if a.side == "commissioner" {
                    Side::Commissioner
                } else {
                    Side::Contractor
                },
                version,
                at: time(a.at_ms),
                text_hash: a.text_hash,
            })
            .collect(),
    }))
}

fn report<S: Sql>(sql: &S, engagement: &str, id: &str) -> DeskResult<Option<ReportRecord>> {
    let rows = sql.rows::<Doc>(
        "SELECT doc FROM fair_report WHERE engagement = ? AND id = ?",
        &[engagement.into(), id.into()],
    )?;
    rows.first().map(|r| parse(&r.doc)).transpose()
}

fn save_report<S: Sql>(sql: &S, r: &ReportRecord) -> DeskResult<()> {
    sql.run(
        "INSERT INTO fair_report (id, engagement, period, doc) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
        &[
            r.id.as_str().into(),
            r.engagement.as_str().into(),
            r.period.as_str().into(),
            json(r)?.into(),
        ],
    )
}

/// Settles a report as of `today`; an automatic acceptance becomes a step of its history.
fn settle(r: &mut ReportRecord, today: NaiveDate) -> bool {
    let settled = r.state.settle(today);
    if settled == r.state {
        return false;
    }
    if let ReportState::Accepted {
        accepted_on,
        how: AcceptedHow::Automatically,
        ..
    } = settled
    {
        r.history.push(ReportEvent::Accept { on: accepted_on });
    }
    r.state = settled;
    true
}

fn settled_reports<S: Sql>(
    sql: &S,
    engagement: &str,
    today: NaiveDate,
) -> DeskResult<Vec<ReportRecord>> {
    let rows = sql.rows::<Doc>(
        "SELECT doc FROM fair_report WHERE engagement = ? ORDER BY period, id",
        &[engagement.into()],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut r: ReportRecord = parse(&row.doc)?;
        if settle(&mut r, today) {
            save_report(sql, &r)?;
        }
        out.push(r);
    }
    Ok(out)
}

fn invoice_by_id<S: Sql>(sql: &S, id: &str) -> DeskResult<Option<InvoiceRecord>> {
    Ok(invoices_where(sql, "WHERE id = ?", &[id.into()])?
        .into_iter()
        .next())
}

fn invoices_where<S: Sql>(sql: &S, filter: &str, args: &[Arg]) -> DeskResult<Vec<InvoiceRecord>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        engagement: String,
        period: String,
        resident: String,
        company: String,
        doc: String,
        at_ms: i64,
    }
    #[derive(Deserialize)]
    struct PayRow {
        id: i64,
        paid_on: String,
        amount: i64,
        confirmed_on: Option<String>,
    }
    let rows = sql.rows::<Row>(
        &format!(
            "SELECT id, engagement, period, resident, company, doc, at_ms FROM fair_invoice {filter}
             ORDER BY period, id"
        ),
        args,
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let pays = sql.rows::<PayRow>(
            "SELECT id, paid_on, amount, confirmed_on FROM fair_payment WHERE invoice = ?
             ORDER BY paid_on, id",
            &[r.id.as_str().into()],
        )?;
        let payments = pays
            .into_iter()
            .map(|p| {
                Ok(PaymentRecord {
                    id: p.id,
                    paid_on: p.paid_on.parse().map_err(DeskError::of)?,
                    amount: Yen(u64::try_from(p.amount).map_err(DeskError::of)?),
                    confirmed_on: p.confirmed_on.and_then(|d| d.parse().ok()),
                })
            })
            .collect::<DeskResult<Vec<_>>>()?;
        out.push(InvoiceRecord {
            id: r.id,
            engagement: r.engagement,
            period: r.period,
            resident: ResidentId(r.resident),
            company: CompanyId(r.company),
            invoice: parse(&r.doc)?,
            created_at: time(r.at_ms),
            payments,
        });
    }
    Ok(out)
}

fn refusal_already_invoiced() -> Refusal {
    Refusal {
        code: domain::fair_work::RefusalCode::NotAllowedNow,
        message: domain::model::Localized::new(
            "この月の請求書はもう作ってあります。",
            "The invoice for this month has already been made.",
        ),
    }
}

fn refusal_no_reports() -> Refusal {
    Refusal {
        code: domain::fair_work::RefusalCode::NotAllowedNow,
        message: domain::model::Localized::new(
            "この月の作業報告がありません。先に作業を報告してください。",
            "There is no work report for this month. Please report your work first.",
        ),
    }
}

fn refusal_amount(left: Yen) -> Refusal {
    Refusal {
        code: domain::fair_work::RefusalCode::Inconsistent,
        message: domain::model::Localized::new(
            format!(
                "金額を確かめてください。この請求書の残りは{}です。",
                left.text(domain::model::Lang::Ja)
            ),
            format!(
                "Please check the amount. {} is left to pay on this invoice.",
                left.text(domain::model::Lang::En)
            ),
        ),
    }
}

fn refusal_nothing_to_confirm() -> Refusal {
    Refusal {
        code: domain::fair_work::RefusalCode::NotAllowedNow,
        message: domain::model::Localized::new(
            "まだ支払いの記録がありません。",
            "No payment has been recorded yet.",
        ),
    }
}

#[cfg(test)]
mod tests {

    use super::super::sql::memory::Memory;
    use super::super::testing::{agree_terms, desk, terms_doc as doc};
    use super::*;
    use domain::fair_work::terms_statement::{Amount, RateUnit};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn t(day: u32) -> DateTime<Utc> {
        d(2026, 7, day)
            .and_hms_opt(0, 0, 0)
            .expect("time")
            .and_utc()
    }

    fn run(db: &Memory, c: FairCommand) -> FairAnswer {
        db.transaction(|s| execute(s, c)).expect("command")
    }

    fn terms(a: FairAnswer) -> TermsRecord {
        match a {
            FairAnswer::Terms { terms: Some(t) } => t,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_changed_statement_is_a_new_version_both_acknowledge_again() {
        let db = desk();
        let put = |content: &str| FairCommand::PutTerms {
            engagement: "e1".into(),
            doc: doc(content),
            at: t(1),
        };
        let v1 = terms(run(&db, put("記事を書く")));
        assert_eq!(v1.version, 1);
        assert_eq!(v1.text_hash, text_hash(&v1.doc.statement, 1));
        assert_eq!(v1.text_hash.len(), 64);
        assert_eq!(
            terms(run(&db, put("記事を書く"))).version,
            1,
            "unchanged: same version"
        );
        let h1 = v1.text_hash.clone();
        let ack = |version, side, hash: &str| FairCommand::Acknowledge {
            engagement: "e1".into(),
            version,
            side,
            text_hash: hash.into(),
            at: t(2),
        };
        let stale = run(&db, ack(1, Side::Contractor, "other"));
        assert!(matches!(stale, FairAnswer::Refused { .. }), "{stale:?}");
        run(&db, ack(1, Side::Contractor, &h1));
        let both = terms(run(&db, ack(1, Side::Commissioner, &h1)));
        assert!(both.versioned().agreed());
        let twice = run(&db, ack(1, Side::Commissioner, &h1));
        assert!(matches!(twice, FairAnswer::Refused { .. }));
        let v2 = terms(run(&db, put("記事と写真")));
        assert_eq!(v2.version, 2);
        assert_ne!(v2.text_hash, h1);
        assert!(v2.acknowledgements.is_empty());
        assert!(matches!(
            run(&db, ack(1, Side::Contractor, &h1)),
            FairAnswer::Refused { .. }
        ));
    }

    fn submit(db: &Memory, id: &str, minutes: u32, on: NaiveDate) -> FairAnswer {
        run(
            db,
            FairCommand::SubmitReport {
                engagement: "e1".into(),
                id: id.into(),
                period: "2026-07".into(),
                content: ReportContent::Hours { minutes },
                inspection: Inspection::DaysAfterReceipt(5),
                on,
            },
        )
    }

    fn basis() -> InvoiceBasis {
        InvoiceBasis {
            issuer: "山田 花子".into(),
            registration: None,
            recipient: "株式会社みどり".into(),
            description: "記事を書く".into(),
            withholding: false,
            payer_withholds: true,
            payment_due: Some(PaymentDue::Schedule(
                domain::fair_work::pay_calendar::PaySchedule::END_NEXT_END,
            )),
            original_due: None,
            issued_on: d(2026, 8, 10),
        }
    }

    fn create(db: &Memory, issued_on: NaiveDate) -> FairAnswer {
        run(
            db,
            FairCommand::CreateInvoice {
                engagement: "e1".into(),
                id: "i1".into(),
                period: "2026-07".into(),
                resident: ResidentId("r1".into()),
                company: CompanyId("c1".into()),
                basis: InvoiceBasis {
                    issued_on,
                    ..basis()
                },
                at: t(31),
            },
        )
    }

    #[test]
    fn reports_are_accepted_automatically_after_the_agreed_days_and_it_is_recorded() {
        let db = desk();
        // Terms both confirmed on 1 July: 1,500 yen an hour.
        agree_terms(&db, "e1", t(1));
        submit(&db, "w1", 600, d(2026, 7, 31));
        // Before the 5 days: not invoiceable.
        assert!(matches!(
            create(&db, d(2026, 8, 4)),
            FairAnswer::Refused { .. }
        ));
        let reports = match run(
            &db,
            FairCommand::Reports {
                engagement: "e1".into(),
                today: d(2026, 8, 6),
            },
        ) {
            FairAnswer::Reports { reports } => reports,
            other => panic!("{other:?}"),
        };
        assert!(matches!(
            reports[0].state,
            ReportState::Accepted {
                how: AcceptedHow::Automatically,
                ..
            }
        ));
        assert_eq!(
            reports[0].history.len(),
            2,
            "the automatic acceptance is a step"
        );
        // Kept: a later read still shows it without settling again.
        let again = report(&db, "e1", "w1").expect("read").expect("there");
        assert_eq!(again, reports[0]);
    }

    #[test]
    fn work_already_received_is_paid_at_the_rate_agreed_when_it_was_received() {
        let db = desk();
        agree_terms(&db, "e1", t(1));
        submit(&db, "w1", 600, d(2026, 7, 10));
        // On 5 August both confirm a lower rate (1,200 yen); a third version, lower again, is
        // confirmed by the company only.
        let august = d(2026, 8, 5).and_hms_opt(9, 0, 0).expect("time").and_utc();
        for (yen, sides) in [(1_200, 2), (1_000, 1)] {
            let mut lower = doc("記事を書く");
            lower.statement.commissioned_on = Some(d(2026, 7, 1));
            lower.statement.amount = Some(Amount::Rate {
                yen: Yen(yen),
                per: RateUnit::Hour,
            });
            let v = terms(run(
                &db,
                FairCommand::PutTerms {
                    engagement: "e1".into(),
                    doc: lower,
                    at: august,
                },
            ));
            for side in [Side::Commissioner, Side::Contractor]
                .into_iter()
                .take(sides)
            {
                run(
                    &db,
                    FairCommand::Acknowledge {
                        engagement: "e1".into(),
                        version: v.version,
                        side,
                        text_hash: v.text_hash.clone(),
                        at: august,
                    },
                );
            }
        }
        let amounts = db.transaction(|s| agreed_amounts(s, "e1")).expect("read");
        assert_eq!(amounts.0.len(), 2, "only versions both confirmed");
        assert_eq!(amounts.0[1].0, d(2026, 8, 5));
        // July's 10 hours: 15,000 yen at July's rate, not 12,000.
        match create(&db, d(2026, 8, 10)) {
            FairAnswer::Invoice { invoice: Some(i) } => assert_eq!(i.invoice.amount, Yen(15_000)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_deleted_resident_leaves_the_documents_and_the_figures_stay() {
        let db = desk();
        agree_terms(&db, "e1", t(1));
        submit(&db, "w1", 600, d(2026, 7, 10));
        // August's report lists what was delivered, in the resident's words.
        run(
            &db,
            FairCommand::SubmitReport {
                engagement: "e1".into(),
                id: "w2".into(),
                period: "2026-08".into(),
                content: ReportContent::Deliverables {
                    items: vec!["表の2行目を直した版".into()],
                },
                inspection: Inspection::DaysAfterReceipt(5),
                on: d(2026, 8, 3),
            },
        );
        // The ending, with the reason the company gave when asked.
        let record = EndingRecord {
            engagement: "e1".into(),
            kind: domain::fair_work::ending::EndingKind::NonRenewal,
            notice_on: d(2026, 8, 1),
            ends_on: d(2026, 8, 31),
            basis: domain::fair_work::ending::EndingBasis::Notice {
                notice_on: d(2026, 8, 1),
            },
            reason_request: Some(domain::fair_work::ending::ReasonRequest::Answered {
                requested_on: d(2026, 8, 2),
                answered_on: d(2026, 8, 3),
                reason: "山田 花子さんの担当分がなくなったため".into(),
            }),
            recorded_at: t(31),
        };
        run(&db, FairCommand::PutEnding { record });
        // A care request in the resident's words, and the company's answer.
        run(&db, ask_care("e1", "母の通院に付き添う日があります", t(4)));
        run(
            &db,
            FairCommand::AnswerCare {
                engagement: "e1".into(),
                id: "c1".into(),
                accommodate: true,
                text: "通院日は納期を翌日にしました".into(),
                at: t(5),
            },
        );
        let basis = InvoiceBasis {
            registration: Some(RegistrationNumber::parse("T1234567890123").expect("number")),
            ..basis()
        };
        let made = run(
            &db,
            FairCommand::CreateInvoice {
                engagement: "e1".into(),
                id: "i1".into(),
                period: "2026-07".into(),
                resident: ResidentId("r1".into()),
                company: CompanyId("c1".into()),
                basis,
                at: t(31),
            },
        );
        let FairAnswer::Invoice {
            invoice: Some(before),
        } = made
        else {
            panic!("{made:?}");
        };
        let exported = match run(&db, FairCommand::DocumentsAbout { party: "r1".into() }) {
            FairAnswer::Documents { docs } => docs,
            other => panic!("{other:?}"),
        };
        assert!(
            exported.iter().any(|(at, doc)| at == "desk:fair_care:e1:c1"
                && doc["text"] == "母の通院に付き添う日があります"),
            "the export holds the care request"
        );
        db.transaction(|s| forget(s, "r1", "anon-1"))
            .expect("forget");
        let dump = [
            "fair_terms",
            "fair_invoice",
            "fair_report",
            "fair_ending",
            "fair_care",
        ]
        .iter()
        .flat_map(|table| {
            db.rows::<Doc>(&format!("SELECT doc FROM {table}"), &[])
                .expect("rows")
                .into_iter()
                .map(|r| r.doc)
        })
        .collect::<Vec<_>>()
        .join("\n");
        for personal in [
            "\"r1\"",
            "山田 花子",
            "T1234567890123",
            "表の2行目",
            "担当分",
            "通院",
        ] {
            assert!(!dump.contains(personal), "{personal} is still stored");
        }
        assert!(dump.contains(FORGOTTEN_NAME));
        let after = invoice_by_id(&db, "i1").expect("read").expect("kept");
        assert_eq!(
            after.invoice.payable, before.invoice.payable,
            "the figures stay"
        );
        assert_eq!(after.resident, ResidentId("anon-1".into()));
    }

    fn ask_care(engagement: &str, text: &str, at: DateTime<Utc>) -> FairCommand {
        FairCommand::AskCare {
            engagement: engagement.into(),
            input: CareInput {
                situation: domain::fair_work::care::CareSituation::Caregiving,
                ask: domain::fair_work::care::CareAsk::ChangeDeadline,
                text: text.into(),
            },
            text: text.into(),
            at,
        }
    }

    #[test]
    fn open_care_requests_and_unanswered_reasons_wait_with_the_names_of_the_latest_terms() {
        use domain::fair_work::ending::{EndingBasis, EndingKind, ReasonRequest};
        use domain::fair_work::waiting::WaitingKind;
        let db = desk();
        let put_terms = |engagement: &str, content: &str| FairCommand::PutTerms {
            engagement: engagement.into(),
            doc: doc(content),
            at: t(1),
        };
        run(&db, put_terms("e1", "記事を書く"));
        run(&db, put_terms("e1", "記事と写真"));
        // e1: open; e2: answered; e4: open, without terms.
        run(&db, ask_care("e1", "", t(5)));
        run(&db, ask_care("e2", "", t(2)));
        run(
            &db,
            FairCommand::AnswerCare {
                engagement: "e2".into(),
                id: "c1".into(),
                accommodate: true,
                text: "午前にしました".into(),
                at: t(3),
            },
        );
        run(&db, ask_care("e4", "", t(6)));
        let ending = |engagement: &str, reason_request| EndingRecord {
            engagement: String::from(engagement),
            kind: EndingKind::NonRenewal,
            notice_on: d(2026, 7, 1),
            ends_on: d(2026, 7, 31),
            basis: EndingBasis::Notice {
                notice_on: d(2026, 7, 1),
            },
            reason_request,
            recorded_at: t(1),
        };
        let open = ReasonRequest::Open {
            requested_on: d(2026, 7, 2),
        };
        let answered = ReasonRequest::Answered {
            requested_on: d(2026, 7, 2),
            answered_on: d(2026, 7, 3),
            reason: "担当分がなくなったため".into(),
        };
        for record in [
            ending("e1", Some(open)),
            ending("e3", Some(answered)),
            ending("e5", None),
        ] {
            run(&db, FairCommand::PutEnding { record });
        }
        let FairAnswer::Waiting { waiting } = run(
            &db,
            FairCommand::Waiting {
                today: d(2026, 7, 10),
                company: None,
            },
        ) else {
            panic!("waiting");
        };
        let listed: Vec<_> = waiting
            .iter()
            .map(|w| (w.engagement.as_str(), w.kind, w.days_waiting))
            .collect();
        assert_eq!(
            listed,
            [
                ("e1", WaitingKind::Reason, 8),
                ("e1", WaitingKind::Care, 5),
                ("e4", WaitingKind::Care, 4),
            ]
        );
        assert_eq!(waiting[0].commissioner, "株式会社みどり");
        assert_eq!(waiting[0].contractor, "山田 花子");
        assert_eq!(waiting[2].commissioner, "", "no terms: no names");
        let FairAnswer::Waiting { waiting: none } = run(
            &db,
            FairCommand::Waiting {
                today: d(2026, 7, 10),
                company: Some("c-without-engagements".into()),
            },
        ) else {
            panic!("waiting");
        };
        assert!(
            none.is_empty(),
            "a company reads its own engagements' requests only"
        );
    }

    #[test]
    fn one_open_care_request_per_engagement_and_each_is_answered_once() {
        use domain::fair_work::RefusalCode;
        use domain::fair_work::care::CareState;
        let db = desk();
        let answer = |id: &str, accommodate: bool, text: &str| FairCommand::AnswerCare {
            engagement: "e1".into(),
            id: id.into(),
            accommodate,
            text: text.into(),
            at: t(3),
        };
        let first = run(&db, ask_care("e1", "", t(1)));
        assert!(
            matches!(&first, FairAnswer::Care { care: Some(r) } if r.id == "c1" && r.is_open()),
            "{first:?}"
        );
        let second = run(&db, ask_care("e1", "", t(2)));
        assert!(
            matches!(&second, FairAnswer::Refused { refusal } if refusal.code == RefusalCode::NotAllowedNow),
            "{second:?}"
        );
        // Another engagement has its own.
        assert!(matches!(
            run(&db, ask_care("e2", "", t(2))),
            FairAnswer::Care { care: Some(_) }
        ));
        // The index refuses a second open row even if a command skipped the check.
        let raw = db.transaction(|s| {
            s.run(
                "INSERT INTO fair_care (engagement, id, state, doc, at_ms) VALUES ('e1', 'x', 'open', '{}', 0)",
                &[],
            )
        });
        assert!(raw.is_err(), "at most one open row per engagement");
        let blank = run(&db, answer("c1", false, ""));
        assert!(
            matches!(&blank, FairAnswer::Refused { refusal } if refusal.code == RefusalCode::Inconsistent),
            "{blank:?}"
        );
        assert!(matches!(
            run(&db, answer("c9", false, "x")),
            FairAnswer::Care { care: None }
        ));
        let declined = run(
            &db,
            answer("c1", false, "納期は元の発注者と決まっているため"),
        );
        assert!(
            matches!(&declined, FairAnswer::Care { care: Some(r) } if r.state == CareState::Declined),
            "{declined:?}"
        );
        assert!(matches!(
            run(&db, answer("c1", true, "やはり変えます")),
            FairAnswer::Refused { .. }
        ));
        let next = run(&db, ask_care("e1", "", t(4)));
        assert!(
            matches!(&next, FairAnswer::Care { care: Some(r) } if r.id == "c2"),
            "{next:?}"
        );
        run(&db, answer("c2", true, "打ち合わせを午前に移しました"));
        let FairAnswer::CareRequests { requests } = run(
            &db,
            FairCommand::CareRequests {
                engagement: "e1".into(),
            },
        ) else {
            panic!("list");
        };
        let states: Vec<CareState> = requests.iter().map(|r| r.state).collect();
        assert_eq!(states, [CareState::Declined, CareState::Accommodated]);
    }

    #[test]
    fn an_invoice_is_made_once_per_period_and_payments_never_exceed_it() {
        let db = desk();
        // Terms both confirmed on 1 July: 1,500 yen an hour.
        agree_terms(&db, "e1", t(1));
        submit(&db, "w1", 600, d(2026, 7, 10));
        let inv = match create(&db, d(2026, 8, 10)) {
            FairAnswer::Invoice { invoice: Some(i) } => i,
            other => panic!("{other:?}"),
        };
        assert_eq!(inv.invoice.amount, Yen(15_000));
        assert_eq!(inv.invoice.tax, Yen(1_500));
        // 末日締め翌月末日払い: July's work is due on 31 August.
        assert_eq!(inv.invoice.draft.due_on, d(2026, 8, 31));
        assert!(matches!(
            create(&db, d(2026, 8, 11)),
            FairAnswer::Refused { .. }
        ));
        let pay = |amount| FairCommand::RecordPayment {
            invoice: "i1".into(),
            paid_on: d(2026, 8, 31),
            amount: Yen(amount),
            at: t(31),
        };
        assert!(matches!(run(&db, pay(99_999)), FairAnswer::Refused { .. }));
        let paid = match run(&db, pay(inv.invoice.payable.0)) {
            FairAnswer::Invoice { invoice: Some(i) } => i,
            other => panic!("{other:?}"),
        };
        assert_eq!(paid.paid(), inv.invoice.payable);
        let confirmed = match run(
            &db,
            FairCommand::ConfirmReceipt {
                invoice: "i1".into(),
                on: d(2026, 9, 1),
            },
        ) {
            FairAnswer::Invoice { invoice: Some(i) } => i,
            other => panic!("{other:?}"),
        };
        assert_eq!(confirmed.payments[0].confirmed_on, Some(d(2026, 9, 1)));
        let FairAnswer::Paid { payments } = run(&db, FairCommand::PaidToResidents) else {
            panic!("paid")
        };
        assert_eq!(payments.len(), 1);
        assert_eq!(payments[0].amount, inv.invoice.payable);
    }

    #[test]
    fn a_profile_is_erased_with_the_account() {
        let db = desk();
        run(
            &db,
            FairCommand::PutProfile {
                party: "r1".into(),
                doc: serde_json::json!({"registration": null}),
                at: t(1),
            },
        );
        assert!(matches!(
            run(&db, FairCommand::Profile { party: "r1".into() }),
            FairAnswer::Profile { doc: Some(_) }
        ));
        run(&db, FairCommand::EraseProfile { party: "r1".into() });
        assert_eq!(
            run(&db, FairCommand::Profile { party: "r1".into() }),
            FairAnswer::Profile { doc: None }
        );
    }
}
