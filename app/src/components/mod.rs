pub mod fair_work;
pub mod figures;
pub mod form;
pub mod header;
pub mod load;
pub mod near;
pub mod pay_calendar;
pub mod section_nav;
pub mod shell;
pub mod work_request;

/// Opens the browser's print dialog (A4: `style/print.css`).
pub fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
